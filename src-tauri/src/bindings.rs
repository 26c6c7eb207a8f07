//! `ui/src/bindings.ts`: the TypeScript declarations of everything the commands take and give,
//! generated from the Rust types (ts-rs). The test below fails when the file in the tree
//! differs from what the types generate; `UPDATE_BINDINGS=1 cargo test -p disclose-desktop
//! bindings` rewrites it.

#[cfg(test)]
mod tests {
    use crate::dto::*;
    use office::*;
    use std::path::Path;
    use ts_rs::TS;

    fn generate() -> String {
        // Every integer crossing the boundary is far below 2^53: numbers, not bigints.
        let cfg = ts_rs::Config::new().with_large_int("number");
        let mut out = String::from(
            "// Generated from the Rust types by src-tauri/src/bindings.rs (ts-rs): do not edit.\n\
             // Regenerate with: UPDATE_BINDINGS=1 cargo test -p disclose-desktop bindings\n\
             /* eslint-disable */\n\n",
        );
        macro_rules! declare {
            ($($t:ty),* $(,)?) => {$(
                out.push_str("export ");
                out.push_str(&<$t as TS>::decl(&cfg));
                out.push_str("\n\n");
            )*};
        }
        declare!(
            // The shell's own.
            CmdError,
            OfficeStatus,
            About,
            Permissions,
            SessionUser,
            RequestRow,
            Dashboard,
            StateChangeRow,
            RequestLife,
            LetterInfo,
            LetterPreview,
            LetterKind,
            Language,
            OfficeStatistics,
            Installments,
            InstallmentSummary,
            ChangedSinceRelease,
            Spread,
            MonthCount,
            Cited,
            Bucket,
            ReviewPair,
            ReleaseState,
            LogCode,
            ProposalChoice,
            crate::dto::ExportProgress,
            ExportRequest,
            NewUser,
            // The office's.
            ErrorCode,
            Role,
            RecordId,
            RedactionId,
            Disposition,
            ReviewStatus,
            RecordKind,
            RecordStatus,
            RedactionState,
            RedactionOrigin,
            RedactionAnchor,
            DetectorKind,
            ApprovalState,
            Exemption,
            ExemptionGroup,
            AuditEvent,
            serde_json::Value,
            AuditBreak,
            AuditReport,
            UserInfo,
            OfficeSettings,
            office::DetectorChoice,
            office::LastBackup,
            office::BackupProgress,
            office::FindProgress,
            office::BackupReport,
            office::OfficeLocation,
            RecordSummary,
            RecordView,
            ReleaseView,
            PageBox,
            PageWords,
            RedactionInfo,
            RedactReport,
            ProposalDecision,
            ReviewDecision,
            office::Selection,
            office::BulkChange,
            office::BulkReport,
            office::Refusal,
            office::ConversationMember,
            office::Comparison,
            office::WordDiff,
            office::CharRun,
            office::BatchesView,
            office::BatchRow,
            office::ReviewerRow,
            SearchOptions,
            SearchResults,
            SearchHit,
            FacetCount,
            SearchFacets,
            SavedSearch,
            TermReport,
            TermRow,
            TermTotals,
            IngestProgress,
            IngestReport,
            IngestCounts,
            FailedEntry,
            DuplicateEntry,
            ApprovalInfo,
            ReleaseSummary,
            ReleaseEntry,
            FrozenRedaction,
            HiddenNotice,
            Hidden,
            ExportReport,
            FileOut,
            HiddenText,
            VerifyReport,
            ReleaseCheck,
            CheckProgress,
            SubmissionProblem,
            ProblemKind,
            Remedy,
            FontGap,
        );
        out.trim_end().to_string() + "\n"
    }

    #[test]
    fn bindings_are_current() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts");
        let want = generate();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &want).unwrap();
            return;
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "ui/src/bindings.ts is out of date with the Rust types: run \
             UPDATE_BINDINGS=1 cargo test -p disclose-desktop bindings, and commit it"
        );
    }
}
