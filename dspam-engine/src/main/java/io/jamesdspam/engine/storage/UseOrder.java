package io.jamesdspam.engine.storage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.jamesdspam.model.DspamUser;

/**
 * The loaded users in the order of their last use, least recent first: the store unloads the
 * first one when too many are loaded. Looking for it among all loaded users instead (a last-use
 * stamp each) cost a walk over 1,000 objects, a cache miss each, at every opening of a user, which
 * with 10,000 users is every other message.
 *
 * <p>Keyed by the loaded copy, not by the user: a copy unloaded and replaced by a fresh one of the
 * same user (read again from disk, or opened again after an unload) is a different key, so that
 * forgetting the old copy can never drop the new one from the order. A copy ({@code C}) is its
 * own identity: it does not override {@code equals}.
 */
final class UseOrder<C> {
    private final LinkedHashMap<C, DspamUser> order = new LinkedHashMap<>(64, 0.75f, true);

    /** Marks a use of {@code data}, the loaded copy of {@code user}: it becomes the most recent. */
    synchronized void used(C data, DspamUser user) {
        order.put(data, user);
    }

    synchronized void forget(C data) {
        order.remove(data);
    }

    synchronized void clear() {
        order.clear();
    }

    /** The least recently used copy other than {@code spared}, with its user. */
    synchronized Optional<Map.Entry<C, DspamUser>> leastRecent(C spared) {
        for (Map.Entry<C, DspamUser> entry : order.entrySet()) {
            if (entry.getKey() != spared) {
                return Optional.of(Map.entry(entry.getKey(), entry.getValue()));
            }
        }
        return Optional.empty();
    }
}
