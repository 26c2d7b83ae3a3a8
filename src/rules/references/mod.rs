//! Reference rules (PL306, PL311): paths written anywhere in the plan exist in the repository
//! or are created by it.

pub mod local_path;
pub mod reference_not_found;
