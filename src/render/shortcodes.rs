//! Shortcode templates (`templates/shortcodes/<name>.html`, site then theme) rendered with
//! Tera for the Markdown stage, which sees them only through [`Expander`].

use tera::{Context, Tera, Value};

use crate::config::SiteConfig;
use crate::diagnostics::Problem;
use crate::markdown::shortcodes::{ArgValue, Expander};

use super::theme::{tera_message, Theme};
use super::values::object;

/// Renders shortcodes with the theme's templates; `site.extra` (for `cta`) and
/// `site.base_path` are in every shortcode's context besides its arguments.
pub struct ShortcodeTemplates<'a> {
    tera: &'a Tera,
    site: Value,
    /// The theme's UI strings (callout labels).
    strings: Value,
}

impl<'a> ShortcodeTemplates<'a> {
    pub fn new(theme: &'a Theme, site: &SiteConfig) -> Self {
        let site = object([
            ("base_path", Value::from(site.base.path.as_str())),
            ("language", Value::from(site.config.language.as_str())),
            ("extra", Value::from_serializable(&site.config.extra)),
        ]);
        let strings: tera::Map = theme
            .strings
            .iter()
            .map(|(k, v)| (k.clone().into(), Value::from(v.as_str())))
            .collect();
        ShortcodeTemplates {
            tera: &theme.tera,
            site,
            strings: Value::from(strings),
        }
    }

    fn known(&self) -> String {
        let mut names: Vec<&str> = self
            .tera
            .get_template_names()
            .filter_map(|n| n.strip_prefix("shortcodes/")?.strip_suffix(".html"))
            .collect();
        names.sort_unstable();
        names.join(", ")
    }
}

impl Expander for ShortcodeTemplates<'_> {
    fn expand(
        &self,
        name: &str,
        args: &[(String, ArgValue)],
        body: Option<&str>,
    ) -> Result<String, Problem> {
        let template = format!("shortcodes/{name}.html");
        if !self.tera.contains_template(&template) {
            return Err(Problem::UnknownShortcode {
                name: name.to_string(),
                known: self.known(),
            });
        }
        let mut context = Context::new();
        context.insert_value("site", self.site.clone());
        context.insert_value("t", self.strings.clone());
        for (key, value) in args {
            let value = match value {
                ArgValue::Str(s) => Value::from(s.as_str()),
                ArgValue::Int(n) => Value::from(*n),
                ArgValue::Float(f) => Value::from(*f),
                ArgValue::Bool(b) => Value::from(*b),
            };
            context.insert_value(key.clone(), value);
        }
        if let Some(body) = body {
            context.insert_value("body", Value::safe_string(body));
        }
        self.tera.render(&template, &context).map_err(|e| {
            let message = tera_message(&e);
            match missing_variable(&message) {
                Some(argument)
                    if argument != "site"
                        && argument != "t"
                        && !args.iter().any(|(k, _)| *k == argument) =>
                {
                    Problem::ShortcodeMissingArgument {
                        name: name.to_string(),
                        argument,
                    }
                }
                _ => Problem::ShortcodeTemplate {
                    name: name.to_string(),
                    message: first_line_of(&message),
                },
            }
        })
    }
}

/// The variable a Tera error says is undefined, if that is the error.
fn missing_variable(message: &str) -> Option<String> {
    let start = message.find("Variable `")? + "Variable `".len();
    let len = message[start..].find('`')?;
    let rest = &message[start + len..];
    rest.starts_with("` is not defined")
        .then(|| message[start..start + len].to_string())
}

/// A message thrown by a template (`throw(message=…)`) or Tera's own, without the source
/// excerpt Tera adds below it.
fn first_line_of(message: &str) -> String {
    let line = message.lines().next().unwrap_or(message).trim();
    line.strip_prefix("error: ").unwrap_or(line).to_string()
}
