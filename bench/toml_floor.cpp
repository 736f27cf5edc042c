// The floor of "parse and plan a task file": toml++ parsing the file into its document and
// nothing else, the least any task-file reader built on it can take (bench/compose.sh, h).
//
//   toml_floor FILE     exits 0 when the file parsed, 1 otherwise

#include <toml++/toml.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: toml_floor FILE\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  try {
    const toml::table document =
        toml::parse(std::string_view(text.str()), std::string_view(argv[1]));
    return document.empty() ? 1 : 0;
  } catch (const toml::parse_error& error) {
    std::cerr << error.description() << '\n';
    return 1;
  }
}
