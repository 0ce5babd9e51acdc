//! Validating front matter dates: `YYYY-MM-DD`, optionally followed by an RFC 3339 time.
//!
//! Dates go into atom.xml, sitemap.xml and `<time datetime>`, where a reader's software trusts
//! them, so only real calendar dates and times pass: `2023-02-30` or `24:00:00` do not. The
//! parser looks at ASCII bytes one by one and never slices a string, so no input can make it
//! panic.

pub use crate::diagnostics::DateFault;

/// Checks a date or date-time; the error says what is wrong with it.
///
/// Accepted: `2024-02-29`, `2024-02-29T10:00:00`, with `t` or a space for `T`, an optional
/// fraction of a second (`.5`), and an optional offset (`Z`, `+09:00`, `-05:30`).
pub fn check_date(value: &str) -> Result<(), DateFault> {
    use DateFault::*;
    let bad = |fault: DateFault| fault;
    let mut p = Cursor {
        bytes: value.as_bytes(),
        at: 0,
    };
    let year = p.number(4).ok_or_else(|| bad(YearDigits))?;
    p.expect(b'-').ok_or_else(|| bad(DashAfterYear))?;
    let month = p.number(2).ok_or_else(|| bad(MonthDigits))?;
    p.expect(b'-').ok_or_else(|| bad(DashAfterMonth))?;
    let day = p.number(2).ok_or_else(|| bad(DayDigits))?;
    if !(1..=12).contains(&month) {
        return Err(bad(NoSuchMonth));
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err(bad(NoSuchDay));
    }
    if p.done() {
        return Ok(());
    }
    if !matches!(p.next(), Some(b'T' | b't' | b' ')) {
        return Err(bad(TimeSeparator));
    }
    let time = (|| {
        let hour = p.number(2)?;
        p.expect(b':')?;
        let minute = p.number(2)?;
        p.expect(b':')?;
        let second = p.number(2)?;
        // 60: a leap second, which RFC 3339 allows.
        (hour < 24 && minute < 60 && second <= 60).then_some(())
    })();
    time.ok_or_else(|| bad(BadTime))?;
    if p.peek() == Some(b'.') {
        p.next();
        if p.digits() == 0 {
            return Err(bad(EmptyFraction));
        }
    }
    match p.next() {
        None | Some(b'Z' | b'z') => {}
        Some(b'+' | b'-') => {
            let offset = (|| {
                let hour = p.number(2)?;
                p.expect(b':')?;
                let minute = p.number(2)?;
                (hour < 24 && minute < 60).then_some(())
            })();
            offset.ok_or_else(|| bad(BadOffset))?;
        }
        Some(_) => return Err(bad(TextAfterTime)),
    }
    if p.done() {
        Ok(())
    } else {
        Err(bad(TextAfterOffset))
    }
}

/// Days in a month of the proleptic Gregorian calendar (leap years: every 4th, but not every
/// 100th, but every 400th).
pub fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

/// A position in ASCII input; every read checks bounds.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.at += 1;
        Some(b)
    }

    fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    fn expect(&mut self, want: u8) -> Option<()> {
        (self.next()? == want).then_some(())
    }

    /// Exactly `width` ASCII digits (no sign: `+1` is not a month).
    fn number(&mut self, width: usize) -> Option<u32> {
        let mut n = 0u32;
        for _ in 0..width {
            let b = self.next()?;
            if !b.is_ascii_digit() {
                return None;
            }
            n = n * 10 + u32::from(b - b'0');
        }
        Some(n)
    }

    /// Skips ASCII digits, returns how many.
    fn digits(&mut self) -> usize {
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        self.at - start
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_dates_pass() {
        for ok in [
            "2024-02-29",
            "2000-02-29",
            "2023-12-31",
            "2024-04-30",
            "2024-02-29T10:00:00+09:00",
            "2024-02-29t10:00:00z",
            "2024-02-29 23:59:60",
            "2024-02-29T00:00:00.123456Z",
            "2024-02-29T10:00:00-05:30",
            "2024-02-29T10:00:00",
        ] {
            assert!(check_date(ok).is_ok(), "{ok}: {:?}", check_date(ok));
        }
    }

    #[test]
    fn impossible_dates_fail() {
        for bad in [
            "2023-02-29",
            "1900-02-29",
            "2023-02-30",
            "2024-04-31",
            "2024-13-01",
            "2024-00-10",
            "2024-01-00",
            "2024-+1-01",
            "+024-01-01",
            "2024-1-01",
            "24-01-01",
            "yesterday",
            "",
            "2024-01-01T",
            "2024-01-01T24:00:00",
            "2024-01-01T10:60:00",
            "2024-01-01T10:00:61",
            "2024-01-01T10:00",
            "2024-01-01T10:00:00+9:00",
            "2024-01-01T10:00:00+24:00",
            "2024-01-01T10:00:00.Z",
            "2024-01-01T10:00:00Zjunk",
            "2024-01-01T00:00:0日",
            "２０２４-01-01",
            "2024-01-01x",
        ] {
            assert!(check_date(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn days_per_month_follow_the_gregorian_calendar() {
        let year: u32 = (1..=12).map(|m| days_in_month(2023, m)).sum();
        assert_eq!(year, 365);
        let leap: u32 = (1..=12).map(|m| days_in_month(2024, m)).sum();
        assert_eq!(leap, 366);
        assert_eq!(days_in_month(2100, 2), 28);
        assert_eq!(days_in_month(2400, 2), 29);
    }
}
