//! Colour scales: a categorical palette that never repeats a colour however many series
//! there are, and a sequential scale (viridis) for ordered values such as a swept
//! parameter's levels or a share in a heat map.

use super::PALETTE;
use plotters::style::colors::colormaps::ViridisRGB;
use plotters::style::{HSLColor, RGBColor};

/// `n` distinct colours for unordered series: the categorical palette first, then hues
/// spread by the golden angle in alternating lightness, each distinct from every other.
pub fn categorical(n: usize) -> Vec<RGBColor> {
    let mut out: Vec<RGBColor> = PALETTE.iter().copied().take(n).collect();
    // Far apart while there is room; past a few dozen colours, merely different.
    let mut k = 0usize;
    while out.len() < n {
        let hue = (0.03 + k as f64 * 0.381_966) % 1.0;
        let light = [0.36, 0.52, 0.28, 0.44][k % 4];
        let c = rgb(HSLColor(hue, 0.65, light));
        let apart = if k < 4000 { 60 } else { 1 };
        k += 1;
        let grey = c.0.max(c.1).max(c.2) - c.0.min(c.1).min(c.2) <= 40;
        if !grey && out.iter().all(|o| distance(*o, c) >= apart) {
            out.push(c);
        }
    }
    out
}

/// The colours of the four ways a run ends, in [`detente_sweep::stats::REASONS`] order:
/// settlement green, breakdown red, deadlock purple, horizon orange.
pub fn reasons() -> [RGBColor; 4] {
    [PALETTE[2], PALETTE[1], PALETTE[4], PALETTE[3]]
}

/// A colour of the sequential scale at `t` from 0 (dark purple) to 1 (yellow).
pub fn sequential(t: f64) -> RGBColor {
    ViridisRGB::get_color(t.clamp(0.0, 1.0))
}

/// `n` colours for `n` ordered levels, lowest first, from the sequential scale (its
/// lightest end left out, too pale for lines on white). Distinct for any n up to 100.
pub fn ordered(n: usize) -> Vec<RGBColor> {
    match n {
        0 => Vec::new(),
        1 => vec![sequential(0.0)],
        _ => (0..n)
            .map(|i| sequential(0.88 * i as f64 / (n - 1) as f64))
            .collect(),
    }
}

/// Whether text on a cell of this colour should be white (on the dark end of the scale).
pub fn dark(c: RGBColor) -> bool {
    0.299 * c.0 as f64 + 0.587 * c.1 as f64 + 0.114 * c.2 as f64 <= 140.0
}

fn rgb(c: HSLColor) -> RGBColor {
    use plotters::style::Color;
    let (r, g, b) = c.rgb();
    RGBColor(r, g, b)
}

fn distance(a: RGBColor, b: RGBColor) -> i32 {
    (a.0 as i32 - b.0 as i32).abs()
        + (a.1 as i32 - b.1 as i32).abs()
        + (a.2 as i32 - b.2 as i32).abs()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chroma(c: RGBColor) -> u8 {
        c.0.max(c.1).max(c.2) - c.0.min(c.1).min(c.2)
    }

    #[test]
    fn categorical_colours_never_repeat_and_are_never_grey() {
        for n in [1, 8, 9, 16, 30] {
            let cs = categorical(n);
            assert_eq!(cs.len(), n);
            for (i, a) in cs.iter().enumerate() {
                assert!(chroma(*a) > 24, "{a:?} reads as a grey");
                for b in &cs[..i] {
                    assert!(distance(*a, *b) >= 50, "{a:?} and {b:?} look alike");
                }
            }
            assert_eq!(
                cs[..n.min(8)],
                PALETTE[..n.min(8)],
                "the palette comes first"
            );
        }
        // However many: never the same colour twice.
        let many = categorical(200);
        for (i, a) in many.iter().enumerate() {
            assert!(!many[..i].contains(a));
        }
        let r = reasons();
        assert!(r.iter().enumerate().all(|(i, a)| !r[..i].contains(a)));
    }

    #[test]
    fn ordered_colours_run_dark_to_light_without_repeating() {
        for n in [2, 3, 16, 100] {
            let cs = ordered(n);
            let lum: Vec<f64> = cs
                .iter()
                .map(|c| 0.299 * c.0 as f64 + 0.587 * c.1 as f64 + 0.114 * c.2 as f64)
                .collect();
            assert!(lum.windows(2).all(|w| w[0] < w[1]), "{n}: {lum:?}");
            assert!(cs.iter().all(|c| chroma(*c) > 24));
        }
        assert!(dark(sequential(0.0)) && !dark(sequential(1.0)));
    }
}
