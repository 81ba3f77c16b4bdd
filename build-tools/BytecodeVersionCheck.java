import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Build check: every class file in the given jars (or in the jars directly inside the given
 * directories) must have a class-file major version no newer than the limit.
 *
 * <p>Run as a single-file program ({@code java BytecodeVersionCheck.java 55 target/}) so the
 * build needs no extra module or plugin. James 3.8.1 runs on Java 11 (major 55): a newer class
 * in a drop-in jar fails only at run time, on the operator's server, so the build fails first.
 *
 * <p>Entries under {@code META-INF/versions/N/} of a multi-release jar are checked against N,
 * since a Java 11 runtime never loads them for N above 11; {@code module-info.class} is never
 * loaded from the class path and is skipped.
 */
public final class BytecodeVersionCheck {

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: java BytecodeVersionCheck.java MAX_MAJOR JAR_OR_DIR...");
            System.exit(2);
        }
        int maxMajor = Integer.parseInt(args[0]);
        List<Path> jars = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            jars.addAll(jarsOf(Paths.get(args[i])));
        }
        List<String> violations = new ArrayList<>();
        for (Path jar : jars) {
            violations.addAll(violationsIn(jar, maxMajor));
        }
        if (!violations.isEmpty()) {
            System.err.println("Class files newer than major version " + maxMajor
                + " (Java " + (maxMajor - 44) + "), which James 3.8.1's runtime cannot load:");
            violations.stream().limit(50).forEach(v -> System.err.println("  " + v));
            if (violations.size() > 50) {
                System.err.println("  ... and " + (violations.size() - 50) + " more");
            }
            System.exit(1);
        }
        System.out.println("Bytecode check: " + jars.size() + " jar(s), all class files at most major "
            + maxMajor);
    }

    private static List<Path> jarsOf(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            try (Stream<Path> children = Files.list(path)) {
                return children.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .collect(Collectors.toList());
            }
        }
        return List.of(path);
    }

    private static List<String> violationsIn(Path jar, int maxMajor) throws IOException {
        List<String> violations = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!name.endsWith(".class") || name.endsWith("module-info.class")) {
                    continue;
                }
                int allowed = allowedMajor(name, maxMajor);
                try (InputStream in = zip.getInputStream(entry)) {
                    int major = majorVersion(new DataInputStream(in), name);
                    if (major > allowed) {
                        violations.add(jar.getFileName() + "!/" + name + " has major version " + major);
                    }
                }
            }
        }
        return violations;
    }

    private static int allowedMajor(String entryName, int maxMajor) {
        String prefix = "META-INF/versions/";
        if (entryName.startsWith(prefix)) {
            int end = entryName.indexOf('/', prefix.length());
            if (end > 0) {
                int release = Integer.parseInt(entryName.substring(prefix.length(), end));
                return Math.max(maxMajor, release + 44);
            }
        }
        return maxMajor;
    }

    private static int majorVersion(DataInputStream in, String name) throws IOException {
        int magic = in.readInt();
        if (magic != 0xCAFEBABE) {
            throw new IOException(name + " is not a class file");
        }
        in.readUnsignedShort();
        return in.readUnsignedShort();
    }
}
