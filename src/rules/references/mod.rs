//! Reference rules (PL306): paths written anywhere in the plan exist in the repository
//! or are created by it.

pub mod reference_not_found;
