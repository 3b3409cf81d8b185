//! Where a module's file is: a declared path canonicalised, and refused with a diagnostic when
//! it is missing, cannot be read (a directory without permission is not a missing file),
//! resolves through a broken symlink, is not a file, or leaves the analysed root.

use super::Job;
use crate::model::path::{display_relative, normalize, relative_path};
use crate::model::{Diagnostic, DiagnosticCode};
use std::path::{Path, PathBuf};

/// The error that keeps `path` from being looked at, unless it is simply absent (a missing
/// file, or a file where a directory was expected): a directory without read or search
/// permission, for one.
pub(super) fn unreadable(path: &Path) -> Option<std::io::Error> {
    match std::fs::metadata(path) {
        Err(e)
            if !matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            Some(e)
        }
        _ => None,
    }
}

/// Canonicalises a job's path and refuses what is missing, looping or outside the root.
pub(super) fn checked_path(root: &Path, job: &Job, diags: &mut Vec<Diagnostic>) -> Option<PathBuf> {
    let (decl_file, decl_line) = job.declared_at.clone().unwrap_or_default();
    let shown = relative_path(root, &job.path);
    // Built only when needed: this runs for every module file.
    let outside_root = || {
        Diagnostic::warning(
            DiagnosticCode::PathOutsideRoot,
            decl_file.clone(),
            decl_line,
            0,
            format!(
                "module `{}` points to {}, outside the analysed root; refused",
                job.id,
                display_relative(root, &job.path)
            ),
        )
    };
    // Refuse a path that leaves the root as written (before touching the file system) or
    // once symlinks are followed.
    if !normalize(&job.path).starts_with(root) {
        diags.push(outside_root());
        return None;
    }
    let canon = match job.path.canonicalize() {
        Ok(c) => c,
        Err(e) => {
            let is_link = job
                .path
                .symlink_metadata()
                .is_ok_and(|m| m.file_type().is_symlink());
            let (code, message) = if is_link {
                (
                    DiagnosticCode::UnreadableFile,
                    format!(
                        "{shown} for module `{}` is a symbolic link that cannot be resolved (a symlink loop or a dangling link): {e}",
                        job.id
                    ),
                )
            } else if job.path.exists() || unreadable(&job.path).is_some() {
                (
                    DiagnosticCode::UnreadableFile,
                    format!("cannot open {shown} for module `{}`: {e}", job.id),
                )
            } else {
                (
                    DiagnosticCode::MissingModuleFile,
                    format!("cannot open {shown} for module `{}`: {e}", job.id),
                )
            };
            diags.push(Diagnostic::warning(code, decl_file, decl_line, 0, message));
            return None;
        }
    };
    if !canon.starts_with(root) {
        diags.push(outside_root());
        return None;
    }
    if !canon.is_file() {
        diags.push(Diagnostic::warning(
            DiagnosticCode::MissingModuleFile,
            decl_file,
            decl_line,
            0,
            format!("module `{}` points to {shown}, which is not a file", job.id),
        ));
        return None;
    }
    Some(canon)
}
