// tasker completions bash|zsh|fish: the shell's completion script, written from the option
// tables the command line is parsed with (cli/help/completion_model.hpp); the files in
// share/completions are its output.

#include "cli/commands/commands.hpp"
#include "cli/help/completion_model.hpp"
#include "cli/help/completion_scripts.hpp"

#include <memory>
#include <ostream>
#include <string>

namespace tasker::cli {

void add_completions_command(CLI::App& app, Action& action, std::ostream& out, CommandParts parts) {
  CLI::App* command =
      app.add_subcommand("completions", "Print the completion script of bash, zsh or fish");
  if (parts == CommandParts::listed_only)
    return;
  enum class Shell { bash, zsh, fish };
  auto shell = std::make_shared<Shell>();
  const std::vector<std::pair<std::string, Shell>> shells{
      {"bash", Shell::bash}, {"zsh", Shell::zsh}, {"fish", Shell::fish}};
  command->add_option("shell", *shell, "The shell: bash, zsh or fish")
      ->required()
      ->transform(one_of_words(shells))
      ->option_text("bash|zsh|fish");
  command->callback([&app, &action, &out, shell] {
    // Written now, while the option tables exist; printed when the action runs.
    const CompletionModel model = completion_model(app);
    const std::string script = *shell == Shell::bash  ? bash_completion(model)
                               : *shell == Shell::zsh ? zsh_completion(model)
                                                      : fish_completion(model);
    action = [&out, script] {
      out << script << std::flush;
      return CommandExit{out ? 0 : 1, std::nullopt};
    };
  });
}

}  // namespace tasker::cli
