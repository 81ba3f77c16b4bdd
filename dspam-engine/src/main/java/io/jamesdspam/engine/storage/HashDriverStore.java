package io.jamesdspam.engine.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.jamesdspam.engine.preference.PreferenceStore;
import io.jamesdspam.engine.preference.Preferences;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;

/**
 * The users of a DSPAM installation that ran the hash driver ({@code StorageDriver hash_drv}),
 * read only, for copying into a store James can run on ({@link StoreCopy}): what an operator needs
 * to keep years of learning when moving such an installation to James. Its {@code Home}'s
 * {@code data/} tree holds one {@code <user>/<user>.css} per user ({@link HashDriverFile}; also
 * found deeper, as DSPAM's large-scale layout places them) and the user's {@code <user>.prefs}
 * beside it; {@code default.prefs} in {@code Home} holds the system defaults.
 *
 * <p>What the hash driver does not keep cannot be imported: a token's last-hit day (every token
 * is given the day the store was opened, so that a purge counts its age from the import) and the
 * signatures (a message tagged before the import is retrained from its text instead). Writing is
 * refused: DSPAM's files are never changed.
 */
public final class HashDriverStore implements DspamStore, PreferenceStore {
    private static final String DATA = "data";
    private static final String EXTENSION = ".css";

    private final Path home;
    private final LocalDate lastHit;
    private final Map<DspamUser, Path> files;
    private Optional<Map.Entry<DspamUser, HashDriverFile>> lastRead = Optional.empty();

    private HashDriverStore(Path home, LocalDate lastHit, Map<DspamUser, Path> files) {
        this.home = home;
        this.lastHit = lastHit;
        this.files = files;
    }

    /** The installation whose {@code Home} is {@code home}; tokens imported as last hit today. */
    public static HashDriverStore open(Path home) {
        return open(home, LocalDate.now());
    }

    static HashDriverStore open(Path home, LocalDate lastHit) {
        Path data = home.resolve(DATA);
        if (!Files.isDirectory(data)) {
            throw new DspamStoreException("No hash driver data at " + data + " (the Home of a DSPAM that ran hash_drv"
                + " holds data/<user>/<user>.css)");
        }
        Map<DspamUser, Path> files = new TreeMap<>((a, b) -> a.asString().compareTo(b.asString()));
        try (Stream<Path> tree = Files.walk(data)) {
            for (Path file : tree.filter(HashDriverStore::isUserFile).collect(Collectors.toList())) {
                if (!DspamUser.isValid(stem(file))) {
                    throw new DspamStoreException("Not a user name James's DSPAM accepts: " + file
                        + " (move the file aside to copy the other users)");
                }
                DspamUser user = DspamUser.of(stem(file));
                Path other = files.put(user, file);
                if (other != null) {
                    throw new DspamStoreException("Two hash driver files for " + user + ": " + other + " and " + file);
                }
            }
        } catch (IOException e) {
            throw new DspamStoreException("Cannot list the hash driver data " + data + ": " + e.getMessage(), e);
        }
        return new HashDriverStore(home, lastHit, files);
    }

    /** {@code <user>/<user>.css}: other files in the tree (signature or lock files) are not users. */
    private static boolean isUserFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(EXTENSION) && name.length() > EXTENSION.length() && Files.isRegularFile(file)
            && file.getParent().getFileName().toString().equals(stem(file));
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - EXTENSION.length());
    }

    private synchronized HashDriverFile file(DspamUser user) {
        if (lastRead.isPresent() && lastRead.get().getKey().equals(user)) {
            return lastRead.get().getValue();
        }
        Path path = files.get(user);
        if (path == null) {
            return null;
        }
        HashDriverFile file = HashDriverFile.read(path);
        lastRead = Optional.of(Map.entry(user, file));
        return file;
    }

    @Override
    public DspamTotals totals(DspamUser user) {
        HashDriverFile file = file(user);
        return file == null ? DspamTotals.EMPTY : file.totals();
    }

    @Override
    public Map<Long, TokenStatistics> tokens(DspamUser user, Collection<Long> tokenIds) {
        HashDriverFile file = file(user);
        Map<Long, TokenStatistics> found = new HashMap<>();
        if (file != null) {
            for (Long id : tokenIds) {
                long[] hits = file.hits().get(id);
                if (hits != null) {
                    found.put(id, statistics(hits));
                }
            }
        }
        return found;
    }

    @Override
    public void apply(DspamUser user, MessageUpdate update) {
        throw readOnly();
    }

    @Override
    public Optional<StoredSignature> signature(DspamUser user, String signatureId) {
        return Optional.empty();
    }

    @Override
    public void forEachSignature(DspamUser user, Consumer<StoredSignature> visitor) {
        // the hash driver keeps none this store could read
    }

    @Override
    public List<DspamUser> users() {
        return new ArrayList<>(files.keySet());
    }

    @Override
    public void forEachToken(DspamUser user, TokenVisitor visitor) {
        HashDriverFile file = file(user);
        if (file != null) {
            file.hits().forEach((id, hits) -> visitor.visit(id, statistics(hits)));
        }
    }

    @Override
    public long tokenCount(DspamUser user) {
        HashDriverFile file = file(user);
        return file == null ? 0 : file.hits().size();
    }

    @Override
    public long purgeSignatures(DspamUser user, LocalDate createdBefore) {
        throw readOnly();
    }

    @Override
    public long purgeTokens(DspamUser user, TokenFilter filter) {
        throw readOnly();
    }

    private TokenStatistics statistics(long[] hits) {
        return new TokenStatistics(hits[0], hits[1], lastHit);
    }

    @Override
    public Preferences preferences(DspamUser user) {
        Path file = files.get(user);
        return file == null ? Preferences.NONE : PreferenceFile.read(file.resolveSibling(user.asString() + ".prefs"));
    }

    @Override
    public Preferences defaultPreferences() {
        return PreferenceFile.read(home.resolve("default.prefs"));
    }

    @Override
    public void storePreference(DspamUser user, String name, String value) {
        throw readOnly();
    }

    @Override
    public boolean deletePreference(DspamUser user, String name) {
        throw readOnly();
    }

    @Override
    public void storeDefaultPreference(String name, String value) {
        throw readOnly();
    }

    @Override
    public boolean deleteDefaultPreference(String name) {
        throw readOnly();
    }

    private DspamStoreException readOnly() {
        return new DspamStoreException("The hash driver's files in " + home + " are read only: copy them into a journal"
            + " or SQL store (dspam-tool copy)");
    }
}
