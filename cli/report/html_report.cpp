#include "cli/report/html_report.hpp"

#include "cli/report/markdown_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <vector>

namespace tasker::cli {
namespace {

// The timeline's geometry, in SVG user units (pixels at 100%).
constexpr double kLabelWidth = 260;
constexpr double kPlotWidth = 720;
constexpr double kRowHeight = 16;
constexpr double kBarHeight = 12;
constexpr double kAxisHeight = 22;
constexpr double kIndent = 12;
constexpr std::size_t kMaxLabelBytes = 40;
// Past this many rows the table lists only the tasks that did not succeed.
constexpr std::size_t kMaxTableRows = 1000;

// Colours come in two sets, light and dark, as custom properties; states name classes.
constexpr const char* kStyle = R"(
:root{--bg:#fff;--fg:#1f2328;--muted:#656d76;--grid:#d0d7de;--ok:#2da44e;--fail:#cf222e;
--timeout:#bc4c00;--cancel:#8c959f;--queue:#b6d4fe;--fire:#8250df;--row:#f6f8fa}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#8d96a0;
--grid:#30363d;--ok:#3fb950;--fail:#f85149;--timeout:#db6d28;--cancel:#6e7681;--queue:#1f3b63;
--fire:#a371f7;--row:#161b22}}
body{background:var(--bg);color:var(--fg);font:14px/1.4 system-ui,sans-serif;margin:1.5em}
h1{font-size:1.3em}h2{font-size:1.1em;margin-top:1.5em}.meta{color:var(--muted)}
svg text{fill:var(--fg);font:11px ui-monospace,monospace}svg .axis text{fill:var(--muted)}
.grid{stroke:var(--grid)}.bar.succeeded{fill:var(--ok)}.bar.failed{fill:var(--fail)}
.bar.timed_out{fill:var(--timeout)}.bar.cancelled{fill:var(--cancel)}
.bar.not_started{fill:none;stroke:var(--cancel);stroke-dasharray:2 2}
.bar.skipped{fill:none;stroke:var(--grid)}
.queue{stroke:var(--queue);stroke-width:4}
.span{fill:var(--muted)}.cut{fill:url(#hatch)}#hatch path{stroke:var(--bg);stroke-width:2}
.fire{stroke:var(--fire);stroke-width:2}text.fire-label{fill:var(--fire)}
.group{font-weight:bold}.plot polyline{fill:none;stroke:var(--fg)}.plot circle{fill:var(--fg)}
.skip{stroke:var(--fail);stroke-width:2}
table{border-collapse:collapse}td,th{padding:2px 8px;text-align:left;border-bottom:1px solid
var(--grid)}td:nth-child(n+3):nth-child(-n+6){text-align:right}
tr.failed td:nth-child(2),tr.timed_out td:nth-child(2){color:var(--fail);font-weight:bold}
code{font:12px ui-monospace,monospace}
)";

std::string ms_text(const std::optional<double>& ms) {
  return ms ? human_duration(*ms) : std::string("–");
}

// A coordinate with one decimal, none when it is whole: 10 000 rows of "260.0" add up.
std::string px(double value) {
  std::string text = fmt::format("{:.1f}", value);
  if (text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0)
    text.resize(text.size() - 2);
  return text;
}

// At most `limit` bytes of `text`, cut on a character boundary, with … when cut.
std::string shortened(const std::string& text, std::size_t limit) {
  if (text.size() <= limit)
    return text;
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "…";
}

// A round step for the time axis: 1, 2 or 5 times a power of ten, about `ticks` of them.
double axis_step(double total_ms, double ticks) {
  const double raw = total_ms / ticks;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double factor : {1.0, 2.0, 5.0}) {
    if (factor * power >= raw)
      return factor * power;
  }
  return 10 * power;
}

class Page {
 public:
  explicit Page(const ReportView& view) : view_(view) {
    for (const ReportRow& row : view.rows) {
      if (const std::optional<double> end = end_of(row))
        total_ms_ = std::max(total_ms_, *end);
    }
    total_ms_ = std::max({total_ms_, view.duration_ms, view.fire_ms.value_or(0), 1.0});
  }

  std::string render() {
    out_.reserve(512 + view_.rows.size() * 400);
    head();
    timeline();
    if (view_.command == "every")
      every_plots();
    table();
    out_ += "</body></html>\n";
    return std::move(out_);
  }

 private:
  double x_of(double ms) const { return kLabelWidth + ms / total_ms_ * kPlotWidth; }

  std::string heading() const {
    std::string text = fmt::format("tasker {}", view_.command);
    if (!view_.title.empty())
      text += " " + html_escape(view_.title);
    if (view_.interrupted)
      return text + fmt::format(": interrupted by signal {}, exit {}", *view_.interrupted,
                                view_.exit_code);
    return text + (view_.exit_code == 0 ? std::string(": succeeded")
                                        : fmt::format(": failed, exit {}", view_.exit_code));
  }

  void head() {
    const std::string title = heading();
    out_ += fmt::format(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width\">\n"
        "<meta name=\"color-scheme\" content=\"light dark\">\n<title>{}</title>\n<style>{}"
        "</style></head><body>\n<h1>{}</h1>\n",
        title, kStyle, title);
    std::map<std::string, std::size_t> by_state;
    for (const ReportRow& row : view_.rows) {
      if (row.task)
        ++by_state[row.state];
    }
    std::string counts;
    for (const auto& [state, count] : by_state)
      counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", count, html_escape(state));
    out_ +=
        fmt::format("<p class=\"meta\">{} {}{}{} · {}{}{}{}</p>\n", task_count(view_),
                    view_.command == "every" ? "runs" : "tasks", counts.empty() ? "" : ": ", counts,
                    human_duration(view_.duration_ms),
                    view_.fired.empty() ? "" : " · fired " + html_escape(view_.fired),
                    view_.started_at.empty() ? "" : " · started " + html_escape(view_.started_at),
                    view_.hostname.empty() ? "" : " on " + html_escape(view_.hostname));
  }

  void axis(double height) {
    out_ += "<g class=\"axis\">";
    const double step = axis_step(total_ms_, 8);
    for (double ms = 0; ms <= total_ms_ + step / 1000; ms += step) {
      const double x = x_of(ms);
      out_ += fmt::format(
          "<line class=\"grid\" x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1:.0f}\" y2=\"{2:.0f}\"/>"
          "<text x=\"{0:.1f}\" y=\"14\" text-anchor=\"middle\">{3}</text>",
          x, kAxisHeight - 4, height, human_duration(ms));
    }
    out_ += "</g>\n";
  }

  std::string tooltip(const ReportRow& row) const {
    std::string text = html_escape(row.name);
    if (!row.command.empty())
      text += "\n" + html_escape(row.command);
    text += fmt::format("\n{}", html_escape(row.state.empty() ? "–" : row.state));
    if (row.status && row.state != "succeeded")  // a success's status is 0
      text += fmt::format(", status {}", *row.status);
    if (row.unhandled)
      text += ", unhandled";
    if (row.started_ms) {
      text += fmt::format("\nqueued {}, started {}, ran {}",
                          human_duration(*row.started_ms - row.queued_ms),
                          human_duration(*row.started_ms), ms_text(row.duration_ms));
    }
    if (!row.host.empty())
      text += "\non " + html_escape(row.host);
    return text;
  }

  void row(const ReportRow& r, std::size_t index) {
    const double top = kAxisHeight + static_cast<double>(index) * kRowHeight;
    const double bar_top = top + (kRowHeight - kBarHeight) / 2;
    out_ +=
        fmt::format("<g><title>{}</title><text{} x=\"{:.0f}\" y=\"{:.0f}\">{}</text>", tooltip(r),
                    r.task ? "" : " class=\"group\"", 4 + kIndent * static_cast<double>(r.depth),
                    top + kRowHeight - 4, html_escape(shortened(r.name, kMaxLabelBytes)));
    if (!r.task) {
      if (r.started_ms) {
        out_ += fmt::format(
            "<rect class=\"span\" x=\"{:.1f}\" y=\"{:.0f}\" width=\"{:.1f}\" height=\"3\"/>",
            x_of(*r.started_ms), top + kRowHeight / 2 - 2,
            std::max(1.0, x_of(*end_of(r)) - x_of(*r.started_ms)));
      }
      out_ += "</g>\n";
      return;
    }
    const std::string state = html_escape(r.state.empty() ? "not_started" : r.state);
    if (!r.started_ms) {
      // Never started: an empty box where the run gave up on it.
      out_ += fmt::format(
          "<rect class=\"bar {}\" x=\"{:.1f}\" y=\"{:.0f}\" width=\"6\" height=\"{}\"/></g>\n",
          state, x_of(view_.fire_ms.value_or(r.queued_ms)), bar_top, kBarHeight);
      return;
    }
    const double start = x_of(*r.started_ms);
    const double end = x_of(*end_of(r));
    if (*r.started_ms > r.queued_ms) {
      // A stroked path: a third of a rect's bytes, and 10 000 of them make a page.
      out_ += fmt::format("<path class=\"queue\" d=\"M{} {:.0f}h{}\"/>", px(x_of(r.queued_ms)),
                          top + kRowHeight / 2, px(start - x_of(r.queued_ms)));
    }
    out_ += fmt::format("<rect class=\"bar {}\" x=\"{}\" y=\"{:.0f}\" width=\"{}\" height=\"{}\"/>",
                        state, px(start), bar_top, px(std::max(1.0, end - start)), kBarHeight);
    // A cancelled task is hatched from where the run cut it short to where it was gone.
    if (r.state == "cancelled" && view_.fire_ms && end > x_of(*view_.fire_ms)) {
      const double cut = std::max(start, x_of(*view_.fire_ms));
      out_ += fmt::format(
          "<rect class=\"cut\" x=\"{:.1f}\" y=\"{:.0f}\" width=\"{:.1f}\" height=\"{}\"/>", cut,
          bar_top, end - cut, kBarHeight);
    }
    out_ += "</g>\n";
  }

  void timeline() {
    const double height = kAxisHeight + static_cast<double>(view_.rows.size()) * kRowHeight + 4;
    out_ += "<h2>Timeline</h2>\n";
    out_ += fmt::format(
        "<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{0:.0f}\" "
        "height=\"{1:.0f}\" viewBox=\"0 0 {0:.0f} {1:.0f}\" role=\"img\">\n"
        "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
        "patternTransform=\"rotate(45)\"><path d=\"M0 0V6\"/></pattern></defs>\n",
        kLabelWidth + kPlotWidth + 20, height);
    axis(height);
    for (std::size_t i = 0; i < view_.rows.size(); ++i) row(view_.rows[i], i);
    if (view_.fire_ms) {
      const double x = x_of(*view_.fire_ms);
      const std::string what =
          view_.interrupted
              ? fmt::format("interrupted (signal {})", *view_.interrupted)
              : "fired " + (view_.fired.empty() ? std::string("–") : html_escape(view_.fired));
      // The label reads away from the line, on whichever side has room for it.
      const bool left = x > kLabelWidth + kPlotWidth * 0.6;
      out_ += fmt::format(
          "<g><title>{1} at {2}</title><line id=\"fire\" class=\"fire\" x1=\"{0:.1f}\" "
          "x2=\"{0:.1f}\" y1=\"{3:.0f}\" y2=\"{4:.0f}\"/><text class=\"fire-label\" "
          "x=\"{5:.1f}\" y=\"{6:.0f}\"{7}>{1}</text></g>\n",
          x, what, human_duration(*view_.fire_ms), kAxisHeight - 2, height, left ? x - 4 : x + 4,
          kAxisHeight + 10, left ? " text-anchor=\"end\"" : "");
    }
    out_ += "</svg>\n";
  }

  // One small plot of `value` per run, the runs after a skipped tick marked by a red line.
  template <class Value>
  void plot(const char* id, const char* title, const Value& value) {
    constexpr double kWidth = 480;
    constexpr double kHeight = 140;
    constexpr double kLeft = 70;
    constexpr double kBottom = 20;
    std::vector<std::pair<const ReportRow*, double>> points;
    double top_value = 0;
    for (const ReportRow& r : view_.rows) {
      if (const std::optional<double> v = value(r)) {
        points.emplace_back(&r, *v);
        top_value = std::max(top_value, *v);
      }
    }
    top_value = std::max(top_value, 1.0);
    const double n = static_cast<double>(std::max<std::size_t>(view_.rows.size(), 2) - 1);
    const auto x = [&](std::size_t i) {
      return kLeft + static_cast<double>(i) / n * (kWidth - kLeft - 10);
    };
    const auto y = [&](double v) { return 8 + (1 - v / top_value) * (kHeight - kBottom - 8); };
    out_ += fmt::format(
        "<figure><figcaption>{}</figcaption><svg id=\"{}\" class=\"plot\" "
        "xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" role=\"img\">\n"
        "<g class=\"axis\"><line class=\"grid\" x1=\"{}\" x2=\"{}\" y1=\"{:.0f}\" y2=\"{:.0f}\"/>"
        "<text x=\"{}\" y=\"14\" text-anchor=\"end\">{}</text>"
        "<text x=\"{}\" y=\"{:.0f}\" text-anchor=\"end\">0</text></g>\n",
        title, id, kWidth, kHeight, kLeft, kWidth - 10, y(0), y(0), kLeft - 4,
        human_duration(top_value), kLeft - 4, y(0));
    for (std::size_t i = 0; i < view_.rows.size(); ++i) {
      const ReportRow& r = view_.rows[i];
      if (r.skipped_before > 0) {
        out_ += fmt::format(
            "<line class=\"skip\" x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"8\" y2=\"{1:.0f}\">"
            "<title>{2} tick(s) skipped before run {3}</title></line>\n",
            x(i), y(0), r.skipped_before, html_escape(r.name));
      }
    }
    std::string line;
    for (std::size_t i = 0, p = 0; i < view_.rows.size() && p < points.size(); ++i) {
      if (points[p].first != &view_.rows[i])
        continue;
      line += fmt::format("{:.1f},{:.1f} ", x(i), y(points[p].second));
      ++p;
    }
    out_ += fmt::format("<polyline points=\"{}\"/>\n</svg></figure>\n", line);
  }

  void every_plots() {
    out_ += "<h2>Runs</h2>\n";
    plot("lateness", "Lateness: start after its scheduled time",
         [](const ReportRow& r) -> std::optional<double> {
           if (!r.started_ms || !r.scheduled_ms)
             return std::nullopt;
           return std::max(0.0, *r.started_ms - *r.scheduled_ms);
         });
    plot("durations", "Duration of each run",
         [](const ReportRow& r) { return r.started_ms ? r.duration_ms : std::nullopt; });
  }

  void table() {
    const bool hosts = std::any_of(view_.rows.begin(), view_.rows.end(),
                                   [](const ReportRow& r) { return !r.host.empty(); });
    out_ += fmt::format(
        "<h2>Tasks</h2>\n<table id=\"tasks\"><thead><tr><th>task</th><th>state</th>"
        "<th>status</th><th>queued</th><th>started</th><th>duration</th>{}<th>command</th>"
        "</tr></thead><tbody>\n",
        hosts ? "<th>host</th>" : "");
    // A long run lists what did not succeed, as the summary on stderr does: 10 000 rows that
    // all say "succeeded" would be most of the page and tell nothing the timeline does not.
    const bool all = view_.rows.size() <= kMaxTableRows;
    std::size_t left_out = 0;
    for (const ReportRow& r : view_.rows) {
      if (!all && !did_not_succeed(r)) {
        left_out += r.task ? 1 : 0;
        continue;
      }
      const std::string state = html_escape(r.state);
      out_ += fmt::format("<tr class=\"{}\"><td", r.task ? state : "group");
      if (r.depth > 0)
        out_ += fmt::format(" style=\"padding-left:{}px\"", 8 + 12 * r.depth);
      out_ += fmt::format(">{}{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
                          html_escape(r.name), r.unhandled ? " (unhandled)" : "", state,
                          r.status ? std::to_string(*r.status) : "–",
                          r.started_ms ? human_duration(*r.started_ms - r.queued_ms) : "–",
                          ms_text(r.started_ms), ms_text(r.duration_ms));
      if (hosts)
        out_ += fmt::format("<td>{}</td>", html_escape(r.host));
      out_ += fmt::format("<td><code>{}</code></td></tr>\n", html_escape(r.command));
    }
    out_ += "</tbody></table>\n";
    if (left_out > 0) {
      out_ += fmt::format(
          "<p class=\"meta\">{} tasks that succeeded are not listed: their bars' tooltips in the "
          "timeline say all.</p>\n",
          left_out);
    }
  }

  const ReportView& view_;
  double total_ms_ = 0;
  std::string out_;
};

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    switch (byte) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if (byte < 0x20 || byte == 0x7f) {
          out += fmt::format("\\x{:02x}", byte);
        } else if (byte == 0xC2 && i + 1 < text.size() &&
                   static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                   static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
          // C1 controls, U+0080 to U+009F, are two bytes in UTF-8.
          out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[++i]));
        } else {
          out += static_cast<char>(byte);
        }
    }
  }
  return out;
}

std::string to_html(const ReportView& view) {
  return Page(view).render();
}

}  // namespace tasker::cli
