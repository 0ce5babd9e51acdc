//! glossgen: a static site generator for glossaries.
//!
//! The pipeline, one module per stage:
//! [`config`] → [`content`] (load term files) → [`model`] (terms, taxonomies, lookup) →
//! [`markdown`] (bodies, references, auto-links) → [`model::links`] / [`model::related`] →
//! [`render`] (templates, feeds) → [`output`] (atomic write). [`pipeline`] runs them in order.

pub mod body_limits;
pub mod config;
pub mod content;
pub mod css;
pub mod diagnostics;
pub mod external;
pub mod hash;
pub mod htmlscan;
pub mod images;
pub mod import;
pub mod markdown;
pub mod model;
pub mod nesting;
pub mod output;
pub mod pipeline;
pub mod progress;
pub mod reading;
pub mod render;
pub mod serve;
pub mod text;

pub use pipeline::{build, BuildFailure, BuildOptions, BuildReport, Mode};
