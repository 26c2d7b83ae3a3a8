//! Plan texts built from other plans, for tests in several files (included by path).

/// `plan` with its H2 sections (each from its `## ` heading to the next) in reverse
/// order, the title and anything before the first section kept in place.
pub(crate) fn sections_reversed(plan: &str) -> String {
    let first = plan.find("\n## ").expect("the plan has H2 sections") + 1;
    let body = &plan[first..];
    let starts: Vec<usize> = body
        .match_indices("## ")
        .map(|(i, _)| i)
        .filter(|&i| i == 0 || body.as_bytes()[i - 1] == b'\n')
        .collect();
    let mut sections: Vec<&str> = starts
        .iter()
        .enumerate()
        .map(|(k, &st)| &body[st..starts.get(k + 1).copied().unwrap_or(body.len())])
        .collect();
    sections.reverse();
    format!("{}{}", &plan[..first], sections.concat())
}
