//! The page: one HTML document with its style inline, no scripts, nothing fetched.

use crate::Chart;
use crate::escape::html;

const STYLE: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f6f5f2; color: #222; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 24px 24px 48px; }
h1 { font-size: 26px; line-height: 1.25; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 36px 0 8px; padding-top: 8px; border-top: 1px solid #ddd; }
.sub { color: #555; margin: 0 0 20px; }
nav { font-size: 14px; margin: 0 0 16px; }
nav a { color: #2a5d9f; margin-right: 14px; }
.outcome { background: #fff; border: 1px solid #ddd; border-left: 6px solid #555; padding: 12px 16px; margin: 0 0 16px; }
.outcome .label { font-size: 21px; font-weight: 600; }
table { border-collapse: collapse; background: #fff; margin: 8px 0 16px; font-size: 14px; }
th, td { border: 1px solid #ddd; padding: 4px 10px; text-align: left; vertical-align: top; }
caption { text-align: left; padding: 0 0 4px; }
th { background: #eeece7; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
figure { margin: 12px 0 20px; background: #fff; border: 1px solid #ddd; padding: 6px; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { color: #555; font-size: 13.5px; padding: 6px 8px 2px; }
ol.events li { margin: 0 0 6px; }
.muted { color: #666; }
time { font-variant-numeric: tabular-nums; color: #555; margin-right: 6px; }
details { background: #fff; border: 1px solid #ddd; padding: 8px 12px; }
summary { cursor: pointer; font-weight: 600; }
ol.transcript { list-style: none; padding: 0; margin: 10px 0 0; font-size: 13.5px; }
ol.transcript li { padding: 3px 0; border-bottom: 1px solid #f0f0f0; }
ol.transcript li.event { background: #f4f1ea; padding: 4px 6px; }
.note { color: #555; font-style: italic; }
footer { color: #777; font-size: 12.5px; margin-top: 40px; }
"#;

/// A whole page. `title` is raw text; `body` is HTML already escaped.
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}\
         <footer>Written by detente report. This file is self-contained: no scripts, nothing \
         fetched.</footer>\n</main>\n</body>\n</html>\n",
        html(title)
    )
}

/// A chart in a figure, with a caption (HTML).
pub fn figure(chart: &Chart, caption_html: &str) -> String {
    let mut out = format!("<figure id=\"chart-{}\">\n", html(&chart.name));
    out.push_str(chart.svg.trim_end());
    out.push('\n');
    if !caption_html.is_empty() {
        out.push_str(&format!("<figcaption>{caption_html}</figcaption>\n"));
    }
    out.push_str("</figure>\n");
    out
}
