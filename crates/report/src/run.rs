//! The report of one run.

use crate::chart::{
    self, Line, Mark, Marker, PlaneChart, Shape, Stroke, TimeChart, bloc_color, envelope,
};
use crate::data::{self, ActorInfo, AnalysisResult, EventEntry, LandscapeResult, RunResult};
use crate::escape::{file_stem, html};
use crate::html::{figure, page};
use crate::{Chart, Report, ReportError};
use detente_model::{EquilibriumReason, Issue, Role};
use plotters::style::RGBColor;
use serde_json::Value;
use std::collections::BTreeMap;

/// Lines per chart at most; veto principals come first.
const MAX_LINES: usize = 12;
/// Transcript lines at most.
const MAX_TRANSCRIPT: usize = 20_000;
const WIDTH: u32 = 1060;

/// The report of a run's JSON result (what `detente run --json` writes).
pub fn run_report(value: &Value) -> Result<Report, ReportError> {
    let looks_like_a_run = value
        .as_object()
        .is_some_and(|o| o.contains_key("scenario") && o.contains_key("series"));
    if !looks_like_a_run {
        return Err(ReportError::Input(
            "not a detente run result (expected the JSON that `detente run --json` writes, \
             with \"scenario\" and \"series\")"
                .into(),
        ));
    }
    let r = data::parse_run(value)
        .map_err(|e| ReportError::Input(format!("not a detente run result: {e}")))?;
    Ctx::new(&r).render()
}

/// The run with what every part of the report needs.
struct Ctx<'a> {
    r: &'a RunResult,
    actors: &'a [ActorInfo],
    colors: BTreeMap<String, RGBColor>,
    issues: &'a [Issue],
    /// The month of each round, as text.
    dates: Vec<String>,
    /// Happened events, numbered from 1: (number, round index, event).
    events: Vec<(usize, Option<usize>, &'a EventEntry)>,
    marks: Vec<Mark>,
}

impl<'a> Ctx<'a> {
    fn new(r: &'a RunResult) -> Self {
        let actors = &r.scenario.actors;
        let mut blocs: Vec<&str> = Vec::new();
        let mut members: BTreeMap<&str, usize> = BTreeMap::new();
        let mut colors = BTreeMap::new();
        for (k, a) in actors.iter().enumerate() {
            let bloc = if a.bloc.is_empty() {
                a.id.as_str()
            } else {
                a.bloc.as_str()
            };
            let b = match blocs.iter().position(|x| *x == bloc) {
                Some(b) => b,
                None => {
                    blocs.push(bloc);
                    blocs.len() - 1
                }
            };
            let m = members.entry(bloc).or_insert(0);
            let color = if a.bloc.is_empty() {
                chart::PALETTE[k % chart::PALETTE.len()]
            } else {
                bloc_color(b, *m)
            };
            *m += 1;
            colors.insert(a.id.clone(), color);
        }
        let issues = &r.scenario.issues;
        let index_of = |date| r.series.dates.iter().position(|d| *d == date);
        let events: Vec<_> = r
            .events
            .iter()
            .filter(|e| e.event.happened)
            .enumerate()
            .map(|(k, e)| (k + 1, index_of(e.date), e))
            .collect();
        let mut marks: Vec<Mark> = Vec::new();
        for (n, idx, _) in &events {
            let Some(idx) = idx else { continue };
            match marks.iter_mut().find(|m| m.index == *idx) {
                Some(m) => m.label.push_str(&format!(",{n}")),
                None => marks.push(Mark {
                    index: *idx,
                    label: n.to_string(),
                }),
            }
        }
        Self {
            r,
            actors,
            colors,
            issues,
            dates: r.series.dates.iter().map(|d| d.to_string()).collect(),
            events,
            marks,
        }
    }

    fn name(&self, id: &str) -> String {
        self.actors
            .iter()
            .find(|a| a.id == id)
            .map_or_else(|| id.to_string(), |a| a.name.clone())
    }

    fn color(&self, id: &str) -> RGBColor {
        self.colors.get(id).copied().unwrap_or(chart::MUTED)
    }

    fn role(&self, id: &str) -> Option<Role> {
        self.actors.iter().find(|a| a.id == id).map(|a| a.role)
    }

    /// Actor ids with the veto principals first, then the others in scenario order.
    fn ordered_ids(&self) -> Vec<String> {
        let veto = &self.r.scenario.veto;
        let mut ids: Vec<String> = veto.clone();
        ids.extend(
            self.actors
                .iter()
                .map(|a| a.id.clone())
                .filter(|id| !veto.contains(id)),
        );
        ids
    }

    fn render(&self) -> Result<Report, ReportError> {
        let r = self.r;
        let mut charts = Vec::new();
        let mut body = String::new();
        body.push_str(&format!("<h1>{}</h1>\n", html(&r.scenario.title)));
        let first = self.dates.first().map(String::as_str).unwrap_or("");
        let last = self.dates.last().map(String::as_str).unwrap_or("");
        body.push_str(&format!(
            "<p class=\"sub\">Scenario <code>{}</code>, seed {}, {} to {} ({} rounds), detente {}.</p>\n",
            html(&r.scenario.name),
            r.seed,
            html(first),
            html(last),
            r.series.dates.len(),
            html(&r.provenance.detente_version)
        ));
        body.push_str(&self.provenance_line());
        body.push_str(
            "<nav><a href=\"#outcome\">Outcome</a><a href=\"#positions\">Positions</a>\
             <a href=\"#trust\">Trust</a><a href=\"#paranoia\">Paranoia</a>\
             <a href=\"#events\">Events</a><a href=\"#bargaining\">Bargaining</a>\
             <a href=\"#transcript\">Transcript</a></nav>\n",
        );
        body.push_str(&self.outcome_section());

        body.push_str("<h2 id=\"positions\">Positions</h2>\n<p>What each principal and envoy proposed, month by month, on each issue. Envoys are dashed; the thick dashed line is the status quo (what each side holds if nothing is agreed); light lines mark the issue's labelled waypoints; numbered dashed verticals are the scenario's events.</p>\n");
        if self.actors.len() > MAX_LINES {
            body.push_str(&format!(
                "<p class=\"note\">This scenario has {} actors: each chart shows at most {MAX_LINES} lines, the veto principals first.</p>\n",
                self.actors.len()
            ));
        }
        for issue in self.issues {
            let c = self.positions_chart(issue)?;
            body.push_str(&figure(&c, &waypoint_caption(issue)));
            charts.push(c);
        }

        body.push_str("<h2 id=\"trust\">Trust</h2>\n<p>How far each veto principal trusted each other one (0: not at all, 1: fully). A promise is worth only the trust in whoever must keep it.</p>\n");
        match self.trust_chart()? {
            Some(c) => {
                body.push_str(&figure(&c, ""));
                charts.push(c);
            }
            None => body.push_str(
                "<p class=\"note\">No trust series between veto principals in this result.</p>\n",
            ),
        }

        body.push_str("<h2 id=\"paranoia\">Paranoia</h2>\n<p>Each actor's paranoia: how readily it reads a move as hostile.</p>\n");
        match self.paranoia_chart()? {
            Some(c) => {
                body.push_str(&figure(&c, ""));
                charts.push(c);
            }
            None => body.push_str("<p class=\"note\">No paranoia series in this result.</p>\n"),
        }

        body.push_str(&self.events_section());

        body.push_str("<h2 id=\"bargaining\">Bargaining</h2>\n");
        body.push_str(&self.bargaining_section(&mut charts)?);

        body.push_str(&self.transcript_section());
        let html = page(&format!("detente report: {}", r.scenario.title), &body);
        Ok(Report { html, charts })
    }

    /// What produced the run: the scenario as given, the overrides, the digest.
    fn provenance_line(&self) -> String {
        let p = &self.r.provenance;
        let sets = if p.sets.is_empty() {
            String::new()
        } else {
            let sets: Vec<String> = p
                .sets
                .iter()
                .map(|s| format!("<code>--set {}</code>", html(s)))
                .collect();
            format!(" with {}", sets.join(" "))
        };
        format!(
            "<p class=\"muted\">Made from <code>{}</code>{sets} (merged scenario {}); \
             <code>detente run --from</code> on the JSON result runs it again.</p>\n",
            html(&p.scenario),
            html(&p.scenario_digest)
        )
    }

    fn outcome_section(&self) -> String {
        let r = self.r;
        let eq = &r.equilibrium;
        let how = match eq.reason {
            EquilibriumReason::Settlement => {
                format!("Settlement in {} (round {}).", eq.date, eq.round)
            }
            EquilibriumReason::Breakdown => format!(
                "Breakdown in {} (round {}){}.",
                eq.date,
                eq.round,
                eq.walked_out
                    .as_deref()
                    .map(|w| format!(": {} walked out", self.name(w)))
                    .unwrap_or_default()
            ),
            EquilibriumReason::Deadlock => format!(
                "Deadlock in {} (round {}): nothing moved.",
                eq.date, eq.round
            ),
            EquilibriumReason::Horizon => format!(
                "No equilibrium by the horizon, {} (round {}).",
                eq.date, eq.round
            ),
        };
        let mut out = format!(
            "<section id=\"outcome\" class=\"outcome\"><div class=\"label\">{}</div><div>{} {} messages.</div></section>\n",
            html(&eq.outcome),
            html(&how),
            eq.message_count
        );
        let basis = if eq.reason == EquilibriumReason::Settlement {
            "as settled"
        } else {
            "the status quo: nothing agreed"
        };
        out.push_str(&format!(
            "<table><caption class=\"muted\">Final positions ({basis})</caption>\n<tr><th>Issue</th><th>Position</th><th>Value</th></tr>\n"
        ));
        for issue in self.issues {
            let Some(x) = eq.positions.get(&issue.id) else {
                continue;
            };
            let label = eq.position_labels.get(&issue.id).cloned().flatten();
            out.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>\n",
                html(&issue.name),
                html(label.as_deref().unwrap_or("-")),
                html(&issue.show_value(*x))
            ));
        }
        out.push_str("</table>\n");
        if !self.actors.is_empty() {
            out.push_str("<table><tr><th>Actor</th><th>Role</th><th>Bloc</th><th>Veto</th></tr>\n");
            // A large scenario lists the actors the charts show: veto principals first.
            let shown: Vec<&ActorInfo> = if self.actors.len() > MAX_LINES {
                self.ordered_ids()
                    .iter()
                    .take(MAX_LINES)
                    .filter_map(|id| self.actors.iter().find(|a| a.id == *id))
                    .collect()
            } else {
                self.actors.iter().collect()
            };
            for a in &shown {
                out.push_str(&format!(
                    "<tr><td><span style=\"color:{}\">&#9632;</span> {}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                    hex(self.color(&a.id)),
                    html(&a.name),
                    a.role.as_str(),
                    html(&a.bloc),
                    if self.r.scenario.veto.contains(&a.id) { "yes" } else { "" }
                ));
            }
            if shown.len() < self.actors.len() {
                out.push_str(&format!(
                    "<tr><td colspan=\"4\" class=\"muted\">and {} more (the JSON result lists them all)</td></tr>\n",
                    self.actors.len() - shown.len()
                ));
            }
            out.push_str("</table>\n");
        }
        out
    }

    fn positions_chart(&self, issue: &Issue) -> Result<Chart, ReportError> {
        let r = self.r;
        let mut lines = Vec::new();
        for id in self.ordered_ids() {
            let Some(series) = r.series.positions.get(&id) else {
                continue;
            };
            let points: Vec<Option<f64>> = series
                .iter()
                .map(|p| p.as_ref().and_then(|m| m.get(&issue.id).copied()))
                .collect();
            if points.iter().all(Option::is_none) {
                continue;
            }
            let envoy = self.role(&id) == Some(Role::Envoy);
            lines.push(Line {
                label: if envoy {
                    format!("{} (envoy)", self.name(&id))
                } else {
                    self.name(&id)
                },
                color: self.color(&id),
                stroke: if envoy { Stroke::Dashed } else { Stroke::Solid },
                points,
            });
        }
        lines.truncate(MAX_LINES);
        let fmt = |v: f64| issue.show_value(v);
        let reference = Some((
            issue.status_quo,
            format!("status quo ({})", issue.show_value(issue.status_quo)),
        ));
        let tc = TimeChart {
            caption: format!("{}: proposals by month", issue.name),
            dates: &self.dates,
            y_range: (issue.min, issue.max),
            y_desc: String::new(),
            y_format: &fmt,
            lines,
            reference,
            levels: issue
                .waypoints
                .iter()
                .map(|w| (w.at, w.label.clone()))
                .collect(),
            marks: &self.marks,
            size: (WIDTH, 340),
        };
        Ok(Chart {
            name: format!("positions-{}", file_stem(&issue.id)),
            svg: chart::time_chart(&tc)?,
        })
    }

    fn trust_chart(&self) -> Result<Option<Chart>, ReportError> {
        let r = self.r;
        let veto = &r.scenario.veto;
        let mut lines = Vec::new();
        for a in veto {
            let mut k = 0;
            for b in veto.iter().filter(|b| *b != a) {
                let Some(series) = r.series.trust.get(a).and_then(|row| row.get(b)) else {
                    continue;
                };
                lines.push(Line {
                    label: format!("{} \u{2192} {}", self.name(a), self.name(b)),
                    color: self.color(a),
                    stroke: if k % 2 == 0 {
                        Stroke::Solid
                    } else {
                        Stroke::Dashed
                    },
                    points: series.iter().map(|x| Some(*x)).collect(),
                });
                k += 1;
            }
        }
        self.unit_chart(
            "trust",
            "Trust between the veto principals (truster \u{2192} trusted)",
            "trust",
            lines,
            360,
        )
    }

    fn paranoia_chart(&self) -> Result<Option<Chart>, ReportError> {
        let r = self.r;
        let mut lines = Vec::new();
        for id in self.ordered_ids() {
            let Some(series) = r.series.paranoia.get(&id) else {
                continue;
            };
            lines.push(Line {
                label: self.name(&id),
                color: self.color(&id),
                stroke: Stroke::Solid,
                points: series.iter().map(|x| Some(*x)).collect(),
            });
        }
        self.unit_chart("paranoia", "Paranoia per actor", "paranoia", lines, 320)
    }

    /// A chart over the dated rounds of values between 0 and 1 (trust, paranoia).
    fn unit_chart(
        &self,
        name: &str,
        caption: &str,
        y_desc: &str,
        mut lines: Vec<Line>,
        height: u32,
    ) -> Result<Option<Chart>, ReportError> {
        if lines.is_empty() {
            return Ok(None);
        }
        lines.truncate(MAX_LINES);
        let fmt = |v: f64| format!("{v:.1}");
        let tc = TimeChart {
            caption: caption.into(),
            dates: &self.dates,
            y_range: (0.0, 1.0),
            y_desc: y_desc.into(),
            y_format: &fmt,
            lines,
            reference: None,
            levels: Vec::new(),
            marks: &self.marks,
            size: (WIDTH, height),
        };
        Ok(Some(Chart {
            name: name.into(),
            svg: chart::time_chart(&tc)?,
        }))
    }

    fn events_section(&self) -> String {
        let mut out = String::from("<h2 id=\"events\">Events</h2>\n");
        if self.events.is_empty() {
            out.push_str("<p class=\"note\">No scheduled event happened in this run.</p>\n");
        } else {
            out.push_str("<p>The scenario's dated events, numbered as on the charts.</p>\n<ol class=\"events\">\n");
            for (n, _, e) in &self.events {
                out.push_str(&format!(
                    "<li value=\"{n}\"><time>{}</time> <strong>{}</strong>{}</li>\n",
                    html(&e.date.to_string()),
                    html(&e.event.title),
                    narrative_suffix(e)
                ));
            }
            out.push_str("</ol>\n");
        }
        let missed: Vec<String> = self
            .r
            .events
            .iter()
            .filter(|e| !e.event.happened)
            .map(|e| format!("{} ({})", html(&e.event.title), e.date))
            .collect();
        if !missed.is_empty() {
            out.push_str(&format!(
                "<p class=\"muted\">Did not happen in this run (probabilistic events): {}.</p>\n",
                missed.join("; ")
            ));
        }
        out
    }

    fn bargaining_section(&self, charts: &mut Vec<Chart>) -> Result<String, ReportError> {
        let a = match &self.r.analysis {
            AnalysisResult::Error { error } => {
                return Ok(format!(
                    "<p class=\"note\">No bargaining analysis: {}.</p>\n",
                    html(error)
                ));
            }
            AnalysisResult::Analysis(a) => a,
        };
        let mut out = String::new();
        let zone = |l: &LandscapeResult| format!("{:.1}%", 100.0 * l.zone.share);
        out.push_str(&format!(
            "<p>Zone of agreement (packages that beat the status quo for every veto principal): {} of the packages on plain utilities, as if every promise were kept; {} at the trust of the start; {} at the trust of the end.</p>\n",
            zone(&a.start.plain),
            zone(&a.start.trust_weighted),
            zone(&a.end.trust_weighted)
        ));
        if a.principals.len() < 2 {
            out.push_str("<p class=\"note\">The utility plane needs two veto principals; this scenario has fewer.</p>\n");
            return Ok(out);
        }
        let (p0, p1) = (&a.principals[0], &a.principals[1]);
        let (n0, n1) = (self.name(p0), self.name(p1));
        let project = |l: &LandscapeResult| -> Vec<(f64, f64)> {
            l.frontier
                .utility
                .iter()
                .filter(|u| u.len() >= 2)
                .map(|u| (u[0], u[1]))
                .collect()
        };
        let at =
            |m: &BTreeMap<String, f64>| -> Option<(f64, f64)> { Some((*m.get(p0)?, *m.get(p1)?)) };
        let cloud = project(&a.start.plain);
        let mut frontiers = vec![(
            "Pareto frontier (plain utilities)".to_string(),
            RGBColor(0x21, 0x66, 0xac),
            Stroke::Solid,
            envelope(&cloud),
        )];
        let start_tw = envelope(&project(&a.start.trust_weighted));
        let end_tw = envelope(&project(&a.end.trust_weighted));
        if !start_tw.is_empty() {
            frontiers.push((
                "frontier at the trust of the start".into(),
                RGBColor(0xe6, 0x61, 0x01),
                Stroke::Dashed,
                start_tw.clone(),
            ));
        }
        if !end_tw.is_empty() && end_tw != start_tw {
            frontiers.push((
                "frontier at the trust of the end".into(),
                RGBColor(0xb2, 0x18, 0x2b),
                Stroke::Dashed,
                end_tw,
            ));
        }
        let mut markers = Vec::new();
        let security = at(&a.start.plain.security);
        if let Some(s) = security {
            markers.push(Marker {
                label: "status quo (security, the disagreement point)".into(),
                at: s,
                color: chart::INK,
                shape: Shape::Cross,
            });
        }
        if let Some(p) = a.start.plain.nash.as_ref().and_then(|n| at(&n.utility)) {
            markers.push(Marker {
                label: "Nash bargaining point".into(),
                at: p,
                color: RGBColor(0x1b, 0x78, 0x37),
                shape: Shape::Triangle,
            });
        }
        if let Some(p) = a
            .start
            .trust_weighted
            .nash
            .as_ref()
            .and_then(|n| at(&n.utility))
        {
            markers.push(Marker {
                label: "Nash point at the trust of the start".into(),
                at: p,
                color: RGBColor(0xe6, 0x61, 0x01),
                shape: Shape::Square,
            });
        }
        if let Some(p) = a.start.plain.outcome.as_ref().and_then(|o| at(&o.utility)) {
            markers.push(Marker {
                label: format!("the outcome: {}", self.r.equilibrium.outcome),
                at: p,
                color: RGBColor(0xc5, 0x1b, 0x7d),
                shape: Shape::Ring,
            });
        }
        let pc = PlaneChart {
            caption: format!("The outcome against the Pareto frontier: {n0} and {n1}"),
            x_desc: format!("{n0}'s utility"),
            y_desc: format!("{n1}'s utility"),
            cloud_label: "frontier packages".into(),
            cloud,
            frontiers,
            security,
            markers,
            size: (WIDTH, 640),
        };
        let c = Chart {
            name: "frontier".into(),
            svg: chart::plane_chart(&pc)?,
        };
        let others: Vec<String> = a.principals[2..]
            .iter()
            .map(|p| html(&self.name(p)))
            .collect();
        let mut caption = format!(
            "Each point is a package of the analysis grid, placed by what it is worth to {} (across) and {} (up). The shaded corner is where both gain over the status quo. The solid line is the Pareto frontier on plain utilities, as if every promise were kept: the packages no other package beats for both. The dashed lines are the same frontier in expected utilities, each promise discounted by the trust in whoever must keep it: when they fall short of the shaded corner, no deal beats security.",
            html(&n0),
            html(&n1)
        );
        if !others.is_empty() {
            caption.push_str(&format!(
                " The frontier is computed for every veto principal ({} too); the light dots are its packages seen in this plane, and the lines are the part of it that is undominated here.",
                others.join(", ")
            ));
        }
        out.push_str(&figure(&c, &caption));
        charts.push(c);
        Ok(out)
    }

    fn transcript_section(&self) -> String {
        let r = self.r;
        let mut lines: Vec<String> = Vec::new();
        let mut events = self.events.iter().peekable();
        let mut i = 0;
        let msgs = r.messages.entries();
        while i < msgs.len() {
            let m = &msgs[i];
            while let Some((n, _, e)) = events.peek() {
                if e.date > m.date {
                    break;
                }
                lines.push(event_line(*n, e));
                events.next();
            }
            // A message sent alike to several recipients is one line.
            let mut to = vec![self.name(&m.to)];
            let mut j = i + 1;
            while j < msgs.len()
                && msgs[j].date == m.date
                && msgs[j].from == m.from
                && msgs[j].content == m.content
            {
                to.push(self.name(&msgs[j].to));
                j += 1;
            }
            lines.push(format!(
                "<li><time>{}</time> <b style=\"color:{}\">{}</b> \u{2192} {}: {}</li>",
                m.date,
                hex(self.color(&m.from)),
                html(&self.name(&m.from)),
                html(&to.join(", ")),
                html(&m.content)
            ));
            i = j;
        }
        for (n, _, e) in events {
            lines.push(event_line(*n, e));
        }
        let total = lines.len();
        let cut = total > MAX_TRANSCRIPT;
        lines.truncate(MAX_TRANSCRIPT);
        let mut out = format!(
            "<h2 id=\"transcript\">Transcript</h2>\n<details>\n<summary>The dated transcript: {} messages, {} lines</summary>\n<ol class=\"transcript\">\n",
            r.messages.len(),
            total
        );
        for l in lines {
            out.push_str(&l);
            out.push('\n');
        }
        out.push_str("</ol>\n");
        if cut {
            out.push_str(&format!(
                "<p class=\"note\">The first {MAX_TRANSCRIPT} of {total} lines; the JSON result has them all.</p>\n"
            ));
        }
        out.push_str("</details>\n");
        out
    }
}

/// ": narrative", escaped, or nothing for an event without one.
fn narrative_suffix(e: &EventEntry) -> String {
    if e.event.narrative.is_empty() {
        String::new()
    } else {
        format!(": {}", html(&e.event.narrative))
    }
}

fn event_line(n: usize, e: &EventEntry) -> String {
    format!(
        "<li class=\"event\"><time>{}</time> <strong>Event {n}: {}</strong>{}</li>",
        e.date,
        html(&e.event.title),
        narrative_suffix(e)
    )
}

fn hex(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

fn waypoint_caption(issue: &Issue) -> String {
    if issue.waypoints.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = issue
        .waypoints
        .iter()
        .map(|w| format!("{} {}", html(&issue.show_value(w.at)), html(&w.label)))
        .collect();
    format!("Waypoints: {}.", parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A small result with hostile text everywhere a scenario or a run can put it.
    fn hostile() -> Value {
        let evil = "<script>alert(1)</script>";
        json!({
            "schema_version": detente_data::SCHEMA_VERSION,
            "provenance": {
                "scenario": "<i>x.toml", "scenario_digest": "fnv1a64:0", "sets": ["a=<b>"],
                "design": [], "effective_scenario": "", "detente_version": "0<",
            },
            "scenario": {
                "name": "x<y", "title": evil, "start": "1945-05", "horizon": 2,
                "veto": ["a", "b"],
                "issues": [{"id": "i", "name": "<b>Issue</b>", "min": 0.0, "max": 1.0,
                    "status_quo": 0.1, "format": "{}",
                    "waypoints": [{"at": 0.0, "label": "</figure><img src=x>"}]}],
                "actors": [
                    {"id": "a", "name": "A & \"B\"", "role": "principal", "bloc": "<x>",
                        "side": "s"},
                    {"id": "b", "name": "B's", "role": "principal", "bloc": "y", "side": "t"},
                ],
            },
            "seed": 1,
            "equilibrium": {"reason": "breakdown", "round": 1, "date": "1945-06",
                "outcome": evil, "positions": {"i": 0.1}, "position_labels": {"i": evil},
                "walked_out": "a", "trust": {}, "veto_trust": 0.5, "message_count": 1},
            "final_state": {},
            "series": {
                "dates": ["1945-05", "1945-06"],
                "positions": {"a": [{"i": 0.2}, {"i": 0.3}], "b": [null, {"i": 0.9}]},
                "trust": {"a": {"b": [0.5, 0.4]}, "b": {"a": [0.5, 0.6]}},
                "paranoia": {"a": [0.5, 0.5], "b": [0.2, 0.3]},
            },
            "events": [{"date": "1945-06", "id": "e", "title": evil,
                "narrative": "</details><script>x()</script>", "happened": true}],
            "messages": [{"id": "1945-05/a/0", "reply_to": null, "round": 0,
                "date": "1945-05", "from": "a", "to": "b", "content": "<iframe src=//evil>",
                "kind": "propose", "package": {"round": 0, "proposer": 0},
                "positions": [0.2]}],
            "analysis": {"error": "<script>"},
        })
    }

    #[test]
    fn hostile_text_is_escaped_in_the_page_and_in_the_charts() {
        let report = run_report(&hostile()).unwrap();
        let lower = report.html.to_lowercase();
        for raw in [
            "<script",
            "<img",
            "<iframe",
            "<b>issue",
            "</figure><img",
            "<x>",
            "<i>x",
            "a=<b>",
        ] {
            assert!(!lower.contains(raw), "raw {raw:?} in the page");
        }
        assert!(
            report
                .html
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        );
        assert!(report.html.contains("A &amp; &quot;B&quot;"));
        assert!(report.html.contains("&lt;iframe src=//evil&gt;"));
        // One <details> (the transcript): the narrative's </details> is text.
        assert_eq!(report.html.matches("</details>").count(), 1);
        assert_eq!(report.charts.len(), 3, "positions, trust, paranoia");
        for c in &report.charts {
            assert!(!c.svg.to_lowercase().contains("<script"), "{}", c.name);
            assert!(!c.svg.contains("<img"), "{}", c.name);
        }
        let positions = &report.charts[0].svg;
        assert!(positions.contains("&lt;b&gt;Issue&lt;/b&gt;"));
        assert!(positions.contains("A &amp; &quot;B&quot;"));
        let trust = &report.charts[1].svg;
        assert!(trust.contains("B&apos;s \u{2192} A &amp; &quot;B&quot;"));
    }

    #[test]
    fn wrong_shapes_are_named_by_their_path() {
        let mut v = hostile();
        v["series"]["paranoia"]["a"] = json!("high");
        let e = run_report(&v).unwrap_err().to_string();
        assert!(e.contains("series.paranoia.a"), "{e}");
        let e = run_report(&json!([1, 2])).unwrap_err().to_string();
        assert!(e.contains("not a detente run result"), "{e}");
        let mut v = hostile();
        v["schema_version"] = json!(detente_data::SCHEMA_VERSION + 1);
        let e = run_report(&v).unwrap_err().to_string();
        assert!(e.contains("schema_version"), "{e}");
    }
}
