//! Designs: the configurations a sweep runs, from `--vary` grids or a CSV table.

use std::path::Path;

/// Most configurations one design may have.
pub const MAX_CONFIGS: usize = 1_000_000;

/// One `--vary KEY=VALUES`.
#[derive(Clone, Debug, PartialEq)]
pub struct Vary {
    /// The key, as for `--set` (e.g. `actors.stalin.paranoia`).
    pub key: String,
    /// The values, as text (read as TOML when applied).
    pub values: Vec<String>,
}

/// Configurations: a value for each key, one row per configuration.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Design {
    /// The keys varied.
    pub keys: Vec<String>,
    /// One row of values per configuration.
    pub rows: Vec<Vec<String>>,
}

/// A number as TOML reads it back: six decimals at most for everyday magnitudes (no
/// 0.30000000000000004), exponent form for the very large and very small.
fn number(x: f64) -> String {
    if x != 0.0 && !(1e-6..1e15).contains(&x.abs()) {
        return format!("{x:e}");
    }
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// Parse `KEY=SPEC`: `a,b,c` (a list), `LO:HI:N` (N evenly spaced numbers from LO to HI),
/// `LO..HI` (the integers from LO to HI), or a single value.
pub fn parse_vary(arg: &str) -> Result<Vary, String> {
    let (key, spec) = arg.split_once('=').ok_or_else(|| {
        format!("--vary {arg}: expected KEY=VALUES, e.g. actors.stalin.paranoia=0.2:0.9:8")
    })?;
    let key = key.trim().to_string();
    let spec = spec.trim();
    let bad = |why: &str| format!("--vary {arg}: {why}");
    let values: Vec<String> = if let Some((lo, rest)) = spec.split_once(':') {
        let (hi, n) = rest
            .split_once(':')
            .ok_or_else(|| bad("a range is LO:HI:N, e.g. 0.2:0.9:8"))?;
        let lo: f64 = lo
            .trim()
            .parse()
            .map_err(|_| bad(&format!("{lo:?} is not a number")))?;
        let hi: f64 = hi
            .trim()
            .parse()
            .map_err(|_| bad(&format!("{hi:?} is not a number")))?;
        let n: usize = n
            .trim()
            .parse()
            .map_err(|_| bad(&format!("{n:?} is not a count")))?;
        if !(lo.is_finite() && hi.is_finite()) || n == 0 || n > MAX_CONFIGS {
            return Err(bad(&format!(
                "LO and HI must be numbers and N from 1 to {MAX_CONFIGS}"
            )));
        }
        // Weighted so that no step overflows: HI - LO can be infinite when both are finite.
        let points: Vec<f64> = (0..n)
            .map(|k| {
                let t = if n == 1 {
                    0.0
                } else {
                    k as f64 / (n - 1) as f64
                };
                lo * (1.0 - t) + hi * t
            })
            .collect();
        if let Some(x) = points.iter().find(|x| !x.is_finite()) {
            return Err(bad(&format!("the range gives {x}, not a finite number")));
        }
        points.into_iter().map(number).collect()
    } else if let Some((lo, hi)) = spec.split_once("..") {
        let lo: i64 = lo
            .trim()
            .parse()
            .map_err(|_| bad(&format!("{lo:?} is not an integer")))?;
        let hi: i64 = hi
            .trim()
            .parse()
            .map_err(|_| bad(&format!("{hi:?} is not an integer")))?;
        if hi < lo || (hi - lo) as u64 >= MAX_CONFIGS as u64 {
            return Err(bad(&format!(
                "LO..HI needs LO <= HI and at most {MAX_CONFIGS} values"
            )));
        }
        (lo..=hi).map(|x| x.to_string()).collect()
    } else {
        spec.split(',').map(|v| v.trim().to_string()).collect()
    };
    if key.is_empty() || values.iter().any(|v| v.is_empty()) {
        return Err(bad("empty key or value"));
    }
    Ok(Vary { key, values })
}

/// Line and column (from 1) of a quote that opens a value and is never closed. The csv
/// reader takes everything after such a quote as one value, silently. As for the reader,
/// a quote opens a value only as its first character; elsewhere it is a plain character.
fn unclosed_quote(bytes: &[u8]) -> Option<(usize, usize)> {
    #[derive(PartialEq)]
    enum State {
        FieldStart,
        Plain,
        Quoted,
        QuoteInQuoted,
    }
    let (mut line, mut column) = (1, 0);
    let mut opened = (0, 0);
    let mut state = State::FieldStart;
    for &b in bytes {
        column += 1;
        state = match (state, b) {
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) => State::Quoted,
            // A doubled quote inside a quoted value stands for one quote.
            (State::QuoteInQuoted, b'"') => State::Quoted,
            (State::FieldStart, b'"') => {
                opened = (line, column);
                State::Quoted
            }
            (_, b',' | b'\n') => State::FieldStart,
            _ => State::Plain,
        };
        if b == b'\n' {
            line += 1;
            column = 0;
        }
    }
    (state == State::Quoted).then_some(opened)
}

impl Design {
    /// One configuration with nothing varied.
    pub fn single() -> Self {
        Self {
            keys: Vec::new(),
            rows: vec![Vec::new()],
        }
    }

    /// The full factorial over several `--vary`s (the first varies slowest).
    pub fn factorial(varies: &[Vary]) -> Result<Self, String> {
        let mut keys = Vec::new();
        for v in varies {
            if keys.contains(&v.key) {
                return Err(format!("--vary {}: the key is varied twice", v.key));
            }
            keys.push(v.key.clone());
        }
        let total = varies
            .iter()
            .try_fold(1usize, |acc, v| acc.checked_mul(v.values.len()));
        if total.is_none_or(|t| t > MAX_CONFIGS) {
            return Err(format!(
                "the design has more than {MAX_CONFIGS} configurations"
            ));
        }
        let mut rows: Vec<Vec<String>> = vec![Vec::new()];
        for v in varies {
            rows = rows
                .into_iter()
                .flat_map(|row| {
                    v.values.iter().map(move |x| {
                        let mut r = row.clone();
                        r.push(x.clone());
                        r
                    })
                })
                .collect();
        }
        Ok(Self { keys, rows })
    }

    /// A design table: a CSV file whose header names the keys and whose rows are the
    /// configurations (e.g. a Latin hypercube made with SALib).
    pub fn from_csv(path: &Path) -> Result<Self, String> {
        let file = detente_config::text::shown(&path.display().to_string()).into_owned();
        let bytes = detente_config::input::read(path, detente_config::input::MAX_DESIGN_BYTES)
            .map_err(|e| format!("{file}: cannot read the design: {e}"))?;
        if let Some((line, column)) = unclosed_quote(&bytes) {
            return Err(format!(
                "{file}:{line}:{column}: this quote is never closed; a quoted value ends with a second \""
            ));
        }
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(bytes.as_slice());
        let keys: Vec<String> = reader
            .headers()
            .map_err(|e| format!("{file}:1: {e}"))?
            .iter()
            .map(str::to_string)
            .collect();
        if keys.is_empty() || keys.iter().any(|k| k.is_empty()) {
            return Err(format!(
                "{file}:1: the header must name a key in every column, e.g. actors.stalin.paranoia"
            ));
        }
        for (k, key) in keys.iter().enumerate() {
            if let Some(first) = keys[..k].iter().position(|x| x == key) {
                return Err(format!(
                    "{file}:1: column {} repeats the key {} of column {}; a design gives each key once",
                    k + 1,
                    detente_config::text::shown(key),
                    first + 1
                ));
            }
        }
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| match e.position() {
                Some(p) => format!("{file}:{}: {e}", p.line()),
                None => format!("{file}: {e}"),
            })?;
            let line = record.position().map_or(0, |p| p.line());
            let row: Vec<String> = record.iter().map(str::to_string).collect();
            if let Some(c) = row.iter().position(|v| v.is_empty()) {
                return Err(format!(
                    "{file}:{line}: an empty value in column {} ({})",
                    c + 1,
                    detente_config::text::shown(&keys[c])
                ));
            }
            rows.push(row);
            if rows.len() > MAX_CONFIGS {
                return Err(format!("{file}: more than {MAX_CONFIGS} configurations"));
            }
        }
        if rows.is_empty() {
            return Err(format!("{file}: the design has a header but no rows"));
        }
        Ok(Self { keys, rows })
    }

    /// Number of configurations.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the design is empty (never, for a built design).
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The `--set` overrides of configuration `c`.
    pub fn overrides(&self, c: usize) -> Vec<String> {
        self.keys
            .iter()
            .zip(&self.rows[c])
            .map(|(k, v)| format!("{k}={v}"))
            .collect()
    }

    /// A short description of configuration `c`, e.g. `actors.stalin.paranoia=0.2`.
    pub fn describe(&self, c: usize) -> String {
        if self.keys.is_empty() {
            "as written".into()
        } else {
            self.overrides(c).join(" ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_lists_and_integers() {
        assert_eq!(parse_vary("a=0.2:0.9:8").unwrap().values.len(), 8);
        assert_eq!(parse_vary("a=0:1:3").unwrap().values, ["0", "0.5", "1"]);
        assert_eq!(parse_vary("a=1..4").unwrap().values, ["1", "2", "3", "4"]);
        assert_eq!(parse_vary("a=x, y").unwrap().values, ["x", "y"]);
        assert!(parse_vary("a").is_err());
        assert!(parse_vary("a=1:2").is_err());
        assert!(parse_vary("a=3..1").is_err());
    }

    #[test]
    fn ranges_stay_finite_and_read_back_as_numbers() {
        let v = parse_vary("a=-1e308:1e308:3").unwrap();
        assert_eq!(v.values, ["-1e308", "0", "1e308"]);
        for x in &v.values {
            assert!(x.parse::<f64>().unwrap().is_finite());
        }
        assert!(parse_vary("a=-1.7e308:1.7e308:4").is_ok());
        assert_eq!(
            parse_vary("a=0.1:0.3:3").unwrap().values,
            ["0.1", "0.2", "0.3"]
        );
    }

    #[test]
    fn design_tables_with_a_repeated_key_or_an_open_quote_are_refused() {
        let dir = std::env::temp_dir().join(format!("detente-design-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("d.csv");
        let table = |text: &str| {
            std::fs::write(&file, text).unwrap();
            Design::from_csv(&file)
        };
        let e = table("a,b,a\n1,2,3\n").unwrap_err();
        assert!(
            e.contains(":1: column 3 repeats the key a of column 1"),
            "{e}"
        );
        let e = table("a,b\n1,2\n\"3,4\n5,6\n").unwrap_err();
        assert!(e.contains(":3:1: this quote is never closed"), "{e}");
        let e = table("a,b\n1,2\n3,\n").unwrap_err();
        assert!(e.contains(":3: an empty value in column 2 (b)"), "{e}");
        let d = table("a,b\n\"x \"\"y\"\"\",2\n").unwrap();
        assert_eq!(d.rows, [["x \"y\"", "2"]]);
        let d = table("a,b\n5\",\"2,\n3\"\n").unwrap();
        assert_eq!(
            d.rows,
            [["5\"", "2,\n3"]],
            "a quote inside a value is a character"
        );
        let e = table("a,b\n1,\"2\n\"\"\n").unwrap_err();
        assert!(e.contains(":2:3: this quote is never closed"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_factorial_runs_every_combination_first_key_slowest() {
        let d = Design::factorial(&[parse_vary("a=1,2").unwrap(), parse_vary("b=x,y,z").unwrap()])
            .unwrap();
        assert_eq!(d.len(), 6);
        assert_eq!(d.rows[0], ["1", "x"]);
        assert_eq!(d.rows[5], ["2", "z"]);
        assert_eq!(d.describe(1), "a=1 b=y");
    }
}
