package io.jamesdspam.engine.storage;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.jamesdspam.engine.preference.PreferenceStore;
import io.jamesdspam.engine.preference.Preferences;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;

/**
 * A {@link DspamStore} in memory, for tests and throw-away engines. Writes the absolute counters
 * of each {@link TokenUpdate}, like DSPAM's hash driver. Each user's data is guarded by its own
 * monitor, so one {@link #apply} is atomic for readers of that user. Keeps preferences too.
 */
public final class InMemoryDspamStore implements DspamStore, PreferenceStore {
    private final ConcurrentHashMap<DspamUser, UserData> users = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<DspamUser, Preferences> preferences = new ConcurrentHashMap<>();
    private volatile Preferences defaultPreferences = Preferences.NONE;

    private static final class UserData {
        private DspamTotals totals = DspamTotals.EMPTY;
        private final TokenTable tokens = new TokenTable();
        private final Map<String, StoredSignature> signatures = new HashMap<>();
        /** The operation keys applied, with their day (kept as long as signatures). */
        private final Map<String, LocalDate> operations = new HashMap<>();
    }

    private Optional<UserData> existing(DspamUser user) {
        return Optional.ofNullable(users.get(user));
    }

    @Override
    public DspamTotals totals(DspamUser user) {
        return existing(user).map(data -> {
            synchronized (data) {
                return data.totals;
            }
        }).orElse(DspamTotals.EMPTY);
    }

    @Override
    public Map<Long, TokenStatistics> tokens(DspamUser user, Collection<Long> tokenIds) {
        Map<Long, TokenStatistics> found = new HashMap<>();
        existing(user).ifPresent(data -> {
            synchronized (data) {
                for (Long id : tokenIds) {
                    TokenStatistics statistics = data.tokens.get(id);
                    if (statistics != null) {
                        found.put(id, statistics);
                    }
                }
            }
        });
        return found;
    }

    @Override
    public TokenRows load(DspamUser user, long[] tokenIds) {
        TokenRows rows = new TokenRows(tokenIds.length);
        existing(user).ifPresent(data -> {
            synchronized (data) {
                data.tokens.copyCounters(tokenIds, rows);
            }
        });
        return rows;
    }

    @Override
    public void apply(DspamUser user, MessageUpdate update) {
        if (update.isEmpty()) {
            return;
        }
        UserData data = users.computeIfAbsent(user, u -> new UserData());
        synchronized (data) {
            if (update.operationKey().isPresent()) {
                if (data.operations.containsKey(update.operationKey().get())) {
                    throw new OperationAlreadyAppliedException("Operation " + update.operationKey().get()
                        + " was applied for " + user + " already");
                }
                data.operations.put(update.operationKey().get(), update.today());
            }
            data.tokens.reserve(update.tokens().size());
            data.totals = update.totals();
            data.tokens.putAll(update.tokens(), (int) update.today().toEpochDay());
            update.signature().ifPresent(signature -> data.signatures.put(signature.id(), signature));
        }
    }

    @Override
    public boolean appliesOperationsOnce() {
        return true;
    }

    @Override
    public Optional<StoredSignature> signature(DspamUser user, String signatureId) {
        return existing(user).flatMap(data -> {
            synchronized (data) {
                return Optional.ofNullable(data.signatures.get(signatureId));
            }
        });
    }

    @Override
    public void forEachSignature(DspamUser user, Consumer<StoredSignature> visitor) {
        existing(user).ifPresent(data -> {
            List<StoredSignature> signatures;
            synchronized (data) {
                signatures = new ArrayList<>(data.signatures.values());
            }
            signatures.forEach(visitor);
        });
    }

    @Override
    public List<DspamUser> users() {
        List<DspamUser> all = new ArrayList<>(users.keySet());
        all.sort(Comparator.comparing(DspamUser::asString));
        return all;
    }

    @Override
    public void forEachToken(DspamUser user, TokenVisitor visitor) {
        existing(user).ifPresent(data -> {
            synchronized (data) {
                data.tokens.forEach(visitor);
            }
        });
    }

    @Override
    public long tokenCount(DspamUser user) {
        return existing(user).map(data -> {
            synchronized (data) {
                return (long) data.tokens.size();
            }
        }).orElse(0L);
    }

    @Override
    public long purgeSignatures(DspamUser user, LocalDate createdBefore) {
        return existing(user).map(data -> {
            synchronized (data) {
                int before = data.signatures.size();
                data.signatures.values().removeIf(signature -> signature.createdOn().isBefore(createdBefore));
                data.operations.values().removeIf(day -> day.isBefore(createdBefore));
                return (long) (before - data.signatures.size());
            }
        }).orElse(0L);
    }

    @Override
    public long purgeTokens(DspamUser user, TokenFilter filter) {
        return existing(user).map(data -> {
            synchronized (data) {
                return data.tokens.removeIf(filter);
            }
        }).orElse(0L);
    }

    @Override
    public Preferences preferences(DspamUser user) {
        return preferences.getOrDefault(user, Preferences.NONE);
    }

    @Override
    public void storePreference(DspamUser user, String name, String value) {
        preferences.merge(user, Preferences.NONE.with(name, value), (old, added) -> old.with(name, value));
    }

    @Override
    public boolean deletePreference(DspamUser user, String name) {
        boolean present = preferences(user).contains(name);
        preferences.computeIfPresent(user, (u, old) -> old.without(name));
        return present;
    }

    @Override
    public Preferences defaultPreferences() {
        return defaultPreferences;
    }

    @Override
    public synchronized void storeDefaultPreference(String name, String value) {
        defaultPreferences = defaultPreferences.with(name, value);
    }

    @Override
    public synchronized boolean deleteDefaultPreference(String name) {
        boolean present = defaultPreferences.contains(name);
        defaultPreferences = defaultPreferences.without(name);
        return present;
    }
}
