//! Response curves: shares against a parameter's value, each with its interval as a band.

use super::*;

/// One curve: its points (x, share, interval low, interval high), sorted by x.
pub struct Band {
    pub label: String,
    pub color: RGBColor,
    pub points: Vec<(f64, f64, f64, f64)>,
}

/// Shares (0 to 1) against a numeric x.
pub struct CurveChart {
    pub caption: String,
    pub x_desc: String,
    pub y_desc: String,
    pub bands: Vec<Band>,
    pub size: (u32, u32),
}

/// How opaque a band is: light enough that bands that overlap stay readable.
const BAND_OPACITY: f64 = 0.18;

pub fn curve_chart(cc: &CurveChart) -> Result<String, ReportError> {
    let err = draw_err(&cc.caption);
    let mut svg = String::new();
    {
        let (w, h) = cc.size;
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(&err)?;
        root.draw(&Text::new(svg_text(&cc.caption), (14, 10), caption_style()))
            .map_err(&err)?;
        let keys: Vec<Key> = cc
            .bands
            .iter()
            .map(|b| Key {
                label: b.label.clone(),
                color: b.color,
                kind: KeyKind::Line(Stroke::Solid),
            })
            .collect();
        let top = legend(&root, &keys, 14, 34, w as i32 - 28).map_err(&err)? + 14;
        let xs: Vec<f64> = cc
            .bands
            .iter()
            .flat_map(|b| b.points.iter().map(|p| p.0))
            .filter(|x| x.is_finite())
            .collect();
        let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let (xlo, xhi) = padded((lo, hi));
        let mut chart = ChartBuilder::on(&root)
            .margin_top(top)
            .margin_right(24)
            .margin_left(8)
            .margin_bottom(8)
            .x_label_area_size(48)
            .y_label_area_size(72)
            .build_cartesian_2d(xlo..xhi, 0.0..1.0)
            .map_err(&err)?;
        let pct = |v: &f64| format!("{:.0}%", v * 100.0);
        let num = |v: &f64| crate::chart::tick(*v);
        chart
            .configure_mesh()
            .x_labels(10)
            .y_labels(11)
            .x_label_formatter(&num)
            .y_label_formatter(&pct)
            .x_desc(svg_text(&cc.x_desc))
            .y_desc(svg_text(&cc.y_desc))
            .axis_desc_style(font(13.0).color(&INK))
            .label_style(font(12.0).color(&MUTED))
            .axis_style(MUTED.stroke_width(1))
            .bold_line_style(GRID.stroke_width(1))
            .light_line_style(TRANSPARENT)
            .draw()
            .map_err(&err)?;
        for b in &cc.bands {
            // The band: up along the high ends, back along the low ends.
            let mut outline: Vec<(f64, f64)> = b.points.iter().map(|p| (p.0, p.3)).collect();
            outline.extend(b.points.iter().rev().map(|p| (p.0, p.2)));
            chart
                .draw_series(std::iter::once(Polygon::new(
                    outline,
                    b.color.mix(BAND_OPACITY).filled(),
                )))
                .map_err(&err)?;
        }
        for b in &cc.bands {
            let line: Vec<(f64, f64)> = b.points.iter().map(|p| (p.0, p.1)).collect();
            chart
                .draw_series(LineSeries::new(line.clone(), b.color.stroke_width(2)))
                .map_err(&err)?;
            chart
                .draw_series(
                    line.into_iter()
                        .map(|p| Circle::new(p, 3, b.color.filled())),
                )
                .map_err(&err)?;
        }
        root.present().map_err(&err)?;
    }
    Ok(svg)
}
