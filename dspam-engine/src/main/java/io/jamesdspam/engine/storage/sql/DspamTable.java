package io.jamesdspam.engine.storage.sql;

/** DSPAM's five SQL tables (docs/ENGINE-SPEC.md §10.1–§10.2); the virtual user table's name is configurable. */
enum DspamTable {
    TOKEN_DATA("dspam_token_data"),
    SIGNATURE_DATA("dspam_signature_data"),
    STATS("dspam_stats"),
    PREFERENCES("dspam_preferences"),
    VIRTUAL_UIDS("dspam_virtual_uids");

    private final String defaultName;

    DspamTable(String defaultName) {
        this.defaultName = defaultName;
    }

    String name(VirtualUserTable virtualUsers) {
        return this == VIRTUAL_UIDS ? virtualUsers.table() : defaultName;
    }
}
