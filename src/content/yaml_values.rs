//! Lenient readers for front matter values: a list key accepts a single string, scalars of
//! any type read as their text, and empty entries are dropped, so that `tags: seo`,
//! `tags: ["seo", ""]` and `weight: 3` mean what the writer meant.

use serde::{Deserialize, Deserializer};

fn scalar_to_string(v: serde_yaml::Value) -> Option<String> {
    match v {
        serde_yaml::Value::String(s) => Some(s),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        serde_yaml::Value::Tagged(t) => scalar_to_string(t.value),
        _ => None,
    }
}

pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v = serde_yaml::Value::deserialize(d)?;
    match v {
        serde_yaml::Value::Null => Ok(None),
        v => match scalar_to_string(v) {
            // An empty value (`reading: ""`) means "not given", as a missing key does.
            Some(s) if s.trim().is_empty() => Ok(None),
            Some(s) => Ok(Some(s.trim().to_string())),
            None => Err(serde::de::Error::custom("expected a string")),
        },
    }
}

pub fn string_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let v = serde_yaml::Value::deserialize(d)?;
    let items = match v {
        serde_yaml::Value::Null => Vec::new(),
        serde_yaml::Value::Sequence(seq) => seq,
        other => vec![other],
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match item {
            serde_yaml::Value::Null => {}
            item => match scalar_to_string(item) {
                Some(s) if !s.trim().is_empty() => out.push(s.trim().to_string()),
                Some(_) => {}
                None => return Err(serde::de::Error::custom("expected a list of strings")),
            },
        }
    }
    Ok(out)
}
