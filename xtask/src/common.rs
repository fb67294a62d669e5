//! The common error and warning codes of the workspace's `spec/common/`, which `import`
//! and `drift` both leave out of a method's own errors.

use std::collections::BTreeSet;
use std::path::Path;

/// The common error and warning codes of the workspace's `spec/common/`.
pub struct Common {
    pub(crate) errors: BTreeSet<String>,
    pub(crate) warnings: BTreeSet<String>,
}

impl Common {
    pub fn load(root: &Path) -> Result<Common, String> {
        let codes = |file: &str| -> Result<BTreeSet<String>, String> {
            let path = root.join(file);
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("error: reading {}: {e}", path.display()))?;
            let node = codegen::yaml::parse(&text)
                .map_err(|e| format!("error: {}: {e}", path.display()))?;
            let parsed: codegen::spec::CodesFile = codegen::yaml::from_node(&node)
                .map_err(|e| format!("error: {}: {e}", path.display()))?;
            Ok(parsed.codes.into_iter().map(|c| c.code).collect())
        };
        Ok(Common {
            errors: codes(codegen::COMMON_ERRORS)?,
            warnings: codes(codegen::COMMON_WARNINGS)?,
        })
    }
}
