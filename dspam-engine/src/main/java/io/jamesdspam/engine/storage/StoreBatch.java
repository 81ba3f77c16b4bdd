package io.jamesdspam.engine.storage;

/**
 * One user's messages written together ({@link DspamStore#startBatch}): the engine runs each
 * message against this view as against the store — it reads what the earlier messages of the
 * batch wrote — and {@link #commit()} writes them all in one transaction, leaving exactly what
 * applying them one after the other would have left, or, when it fails, nothing of any of them.
 * Until then nothing is written. For the one user it was started for; the engine holds that user's
 * lock from start to commit.
 */
public interface StoreBatch extends DspamStore {

    /** Writes every message applied to this view; nothing when it fails ({@link DspamStoreException}). */
    void commit();

    /** How many messages were applied to this view and are not written yet. */
    int pendingMessages();
}
