//! Calendar months: simulation time is a round number, shown as a year and month.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A calendar month such as 1945-05. One round of the simulation is one month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct YearMonth {
    /// The year, e.g. 1945.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u32,
}

impl YearMonth {
    /// A month, if `month` is 1 to 12.
    pub fn new(year: i32, month: u32) -> Option<Self> {
        (1..=12).contains(&month).then_some(Self { year, month })
    }

    /// The month `rounds` months after this one.
    pub fn plus(self, rounds: u32) -> Self {
        let index = self.year as i64 * 12 + (self.month as i64 - 1) + rounds as i64;
        Self {
            year: index.div_euclid(12) as i32,
            month: index.rem_euclid(12) as u32 + 1,
        }
    }

    /// The month as [`fmt::Display`] writes it (`1945-07`), appended to `out` without the
    /// formatting machinery (a result of millions of messages names millions of months).
    pub fn write_to(self, out: &mut String) {
        match (u16::try_from(self.year), u8::try_from(self.month)) {
            (Ok(year @ 0..=9999), Ok(month @ 0..=99)) => {
                let digit = |d: u16| char::from(b'0' + d as u8);
                out.extend([
                    digit(year / 1000),
                    digit(year / 100 % 10),
                    digit(year / 10 % 10),
                    digit(year % 10),
                    '-',
                    digit(u16::from(month / 10)),
                    digit(u16::from(month % 10)),
                ]);
            }
            // Writing to a String cannot fail.
            _ => {
                let _ = fmt::Write::write_fmt(out, format_args!("{self}"));
            }
        }
    }

    /// How many months `later` is after `self` (negative if before).
    pub fn months_until(self, later: Self) -> i64 {
        (later.year as i64 * 12 + later.month as i64) - (self.year as i64 * 12 + self.month as i64)
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl std::str::FromStr for YearMonth {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("{s:?} is not a month; expected YYYY-MM, e.g. \"1945-05\"");
        let (y, m) = s.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        Self::new(year, month).ok_or_else(bad)
    }
}

impl TryFrom<String> for YearMonth {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

/// In files a month is text, `YYYY-MM`.
impl JsonSchema for YearMonth {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "YearMonth".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A calendar month, YYYY-MM.",
            "type": "string",
            "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$"
        })
    }
}

impl From<YearMonth> for String {
    fn from(d: YearMonth) -> String {
        d.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_writes_as_it_displays() {
        for (year, month) in [(1945, 7), (0, 1), (9999, 12), (10000, 1), (-1, 5), (33, 10)] {
            let m = YearMonth { year, month };
            let mut text = String::new();
            m.write_to(&mut text);
            assert_eq!(text, m.to_string());
        }
    }

    #[test]
    fn adding_months_rolls_over_the_year() {
        let may45: YearMonth = "1945-05".parse().unwrap();
        assert_eq!(may45.plus(7).to_string(), "1945-12");
        assert_eq!(may45.plus(8).to_string(), "1946-01");
        assert_eq!(may45.plus(47).to_string(), "1949-04");
        assert_eq!(may45.months_until(may45.plus(22)), 22);
    }

    #[test]
    fn rejects_malformed_months() {
        for bad in ["1945-13", "1945-00", "45-05", "1945/05", "", "1945-5"] {
            assert!(bad.parse::<YearMonth>().is_err(), "{bad} accepted");
        }
    }
}
