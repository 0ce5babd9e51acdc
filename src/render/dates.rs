//! Dates as each language writes them (`2025年3月3日`, `March 3, 2025`), from the theme's
//! UI strings, so a new language needs no code: `date_format` with `{year}`, `{month}`,
//! `{day}` and `{month_name}`, and `month_names`, twelve names separated by spaces.

/// `iso` is the front matter's `YYYY-MM-DD` (a time after it is ignored). Without a
/// `date_format`, or for anything that is not such a date, the ISO day is kept.
pub fn local_date(iso: &str, format: Option<&str>, month_names: Option<&str>) -> String {
    let day_part = iso.get(..10).unwrap_or(iso);
    let Some(format) = format else {
        return day_part.to_string();
    };
    let mut parts = day_part.splitn(3, '-').map(str::parse::<u32>);
    let (Some(Ok(year)), Some(Ok(month)), Some(Ok(day))) =
        (parts.next(), parts.next(), parts.next())
    else {
        return day_part.to_string();
    };
    if !(1..=12).contains(&month) {
        return day_part.to_string();
    }
    let month_name = month_names
        .and_then(|names| names.split_whitespace().nth(month as usize - 1))
        .map_or_else(|| month.to_string(), str::to_string);
    format
        .replace("{year}", &year.to_string())
        .replace("{month_name}", &month_name)
        .replace("{month}", &month.to_string())
        .replace("{day}", &day.to_string())
}

#[cfg(test)]
mod tests {
    use super::local_date;

    const EN_MONTHS: &str =
        "January February March April May June July August September October November December";

    #[test]
    fn each_language_writes_its_own_date() {
        assert_eq!(
            local_date("2025-03-03", Some("{year}年{month}月{day}日"), None),
            "2025年3月3日"
        );
        assert_eq!(
            local_date(
                "2022-10-17T09:00:00+09:00",
                Some("{month_name} {day}, {year}"),
                Some(EN_MONTHS)
            ),
            "October 17, 2022"
        );
    }

    #[test]
    fn without_a_format_or_a_date_the_iso_day_stays() {
        assert_eq!(local_date("2025-03-03", None, None), "2025-03-03");
        assert_eq!(local_date("2025-13-03", Some("{year}"), None), "2025-13-03");
        assert_eq!(local_date("soon", Some("{year}"), None), "soon");
    }
}
