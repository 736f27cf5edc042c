#pragma once
// Labels that fit the line: a task-file path (`release/checks/lint`) can be longer than the
// output it labels, so on a narrow terminal it keeps its last parts and shows the rest as `…/`.

#include <cstddef>
#include <string>
#include <string_view>

namespace tasker::cli {

/// Columns a label takes, counting each UTF-8 code point as one: right for the names people
/// give tasks, and cheap.
[[nodiscard]] std::size_t label_width(std::string_view label);

/// The columns tasker's lines may use: $COLUMNS when it is a number above 0 (as `ls` reads
/// it), else the width of the terminal `fd` is, else 0: unknown, no limit.
[[nodiscard]] std::size_t output_columns(int fd);

/// The widest a label may be on lines of `columns` columns: a third of them, at least 12;
/// 0 (no limit) when `columns` is 0.
[[nodiscard]] std::size_t label_limit(std::size_t columns);

/// `label` in at most `limit` columns (0 = no limit). A path keeps as many of its last parts
/// as fit after `…/`; a last part too long for that keeps its end after `…`.
[[nodiscard]] std::string fit_label(std::string_view label, std::size_t limit);

}  // namespace tasker::cli
