package io.jamesdspam.engine.group;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group file named by {@code GroupConfig}, as DSPAM uses it: DSPAM re-reads it for every
 * message (docs/reference/groups/README.md §4.3: a group written or deleted takes effect on the next
 * message, no restart). Here a message costs one {@code stat}: the file is parsed again only
 * when its modification time or size changed; a missing file means no groups, and an unreadable
 * one keeps the groups last read.
 */
public final class GroupFile {
    private static final Logger LOGGER = LoggerFactory.getLogger(GroupFile.class);

    private final Path file;
    private volatile Loaded loaded = new Loaded(null, -1, GroupConfig.NONE);

    private static final class Loaded {
        final FileTime modified;
        final long size;
        final GroupConfig config;

        Loaded(FileTime modified, long size, GroupConfig config) {
            this.modified = modified;
            this.size = size;
            this.config = config;
        }

        boolean isOf(FileTime otherModified, long otherSize) {
            return Objects.equals(modified, otherModified) && size == otherSize;
        }
    }

    public GroupFile(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    public Path path() {
        return file;
    }

    /** The groups as the file says now. */
    public GroupConfig current() {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            if (loaded.modified != null) {
                LOGGER.info("Group file {} is gone: no groups apply", file);
                loaded = new Loaded(null, -1, GroupConfig.NONE);
            }
            return GroupConfig.NONE;
        } catch (IOException e) {
            LOGGER.warn("Cannot read the group file {}: {}; the groups last read still apply", file, e.getMessage());
            return loaded.config;
        }
        Loaded current = loaded;
        if (current.isOf(attributes.lastModifiedTime(), attributes.size())) {
            return current.config;
        }
        return reload(attributes);
    }

    private synchronized GroupConfig reload(BasicFileAttributes attributes) {
        Loaded current = loaded;
        if (current.isOf(attributes.lastModifiedTime(), attributes.size())) {
            return current.config;
        }
        try {
            GroupConfig config = GroupConfig.read(file);
            config.errors().forEach(error -> LOGGER.warn("Group file {} {}", file, error));
            loaded = new Loaded(attributes.lastModifiedTime(), attributes.size(), config);
            return config;
        } catch (IOException e) {
            LOGGER.warn("Cannot read the group file {}: {}; the groups last read still apply", file, e.getMessage());
            return current.config;
        }
    }
}
