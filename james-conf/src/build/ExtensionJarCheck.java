import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Build check for the drop-in jar: {@code java ExtensionJarCheck.java EXTENSION_JAR LIB_DIR ALLOWED_PREFIXES [EXTENSIONS_DIR]}.
 *
 * <p>Fails when a class of the extension jar is also in James's {@code lib/} (the operator's
 * server would load two copies), or lies outside the allowed package prefixes (comma list,
 * e.g. {@code io/jamesdspam/}). The second rule catches a library James already ships that a
 * dependency-scope change moved out of {@code lib/} and into the jar: such a class is in no
 * {@code lib/} jar any more, so only an explicit list of the libraries we mean to ship sees it.
 *
 * <p>With {@code EXTENSIONS_DIR} (the assembled {@code extensions-jars/}), the runtime jars shipped
 * there beside the drop-in jar (the SQL pool and JDBC drivers) are checked too: none of their
 * classes may be in James's {@code lib/} or in the drop-in jar (shaded in a second time).
 */
public final class ExtensionJarCheck {

    public static void main(String[] args) throws IOException {
        if (args.length != 3 && args.length != 4) {
            System.err.println("usage: java ExtensionJarCheck.java EXTENSION_JAR LIB_DIR ALLOWED_PREFIXES [EXTENSIONS_DIR]");
            System.exit(2);
        }
        Path extensionJar = Paths.get(args[0]);
        Path libDirectory = Paths.get(args[1]);
        List<String> allowedPrefixes = Arrays.asList(args[2].split(","));

        List<String> extensionClasses = classesIn(extensionJar);
        Map<String, String> jamesClasses = jamesClasses(libDirectory);

        List<String> problems = new ArrayList<>();
        Map<String, String> runtimeClasses = new HashMap<>();
        List<Path> runtimeJars = args.length == 4 ? jarsIn(Paths.get(args[3])) : List.of();
        runtimeJars.removeIf(jar -> jar.getFileName().equals(extensionJar.getFileName()));
        for (Path jar : runtimeJars) {
            for (String name : classesIn(jar)) {
                String owner = jamesClasses.get(name);
                if (owner != null) {
                    problems.add(name + " of extensions-jars/" + jar.getFileName() + " is also in lib/" + owner
                        + " (James ships it: do not ship the jar)");
                }
                runtimeClasses.putIfAbsent(name, jar.getFileName().toString());
            }
        }
        for (String name : extensionClasses) {
            String runtimeOwner = runtimeClasses.get(name);
            if (runtimeOwner != null) {
                problems.add(name + " is also in extensions-jars/" + runtimeOwner
                    + " (shipped as its own jar: exclude it from the shade)");
                continue;
            }
            String owner = jamesClasses.get(name);
            if (owner != null) {
                problems.add(name + " is also in lib/" + owner + " (James ships it: keep it out of the jar)");
            } else if (allowedPrefixes.stream().noneMatch(name::startsWith)) {
                problems.add(name + " is outside " + allowedPrefixes
                    + " (a new library: relocate it under io/jamesdspam/shaded/, or, if James ships it, declare it provided)");
            }
        }
        if (!problems.isEmpty()) {
            System.err.println("Extension jar " + extensionJar.getFileName() + " is not a clean drop-in jar:");
            problems.stream().limit(30).forEach(p -> System.err.println("  " + p));
            if (problems.size() > 30) {
                System.err.println("  ... and " + (problems.size() - 30) + " more");
            }
            System.exit(1);
        }
        System.out.println("Extension jar check: " + extensionClasses.size() + " classes, none shipped by James ("
            + jamesClasses.size() + " classes in " + libDirectory + "); runtime jars beside it: " + runtimeJars.size()
            + " (" + runtimeClasses.size() + " classes, none in lib/ nor in the drop-in jar)");
    }

    private static List<Path> jarsIn(Path directory) throws IOException {
        try (Stream<Path> children = Files.list(directory)) {
            return children.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toCollection(ArrayList::new));
        }
    }

    private static Map<String, String> jamesClasses(Path libDirectory) throws IOException {
        Map<String, String> owners = new HashMap<>();
        List<Path> jars = jarsIn(libDirectory);
        if (jars.isEmpty()) {
            throw new IOException("no jar in " + libDirectory);
        }
        for (Path jar : jars) {
            for (String name : classesIn(jar)) {
                owners.putIfAbsent(name, jar.getFileName().toString());
            }
        }
        return owners;
    }

    private static List<String> classesIn(Path jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
                    names.add(stripVersionPrefix(name));
                }
            }
        }
        return names;
    }

    /** A multi-release entry is the same class as its base entry. */
    private static String stripVersionPrefix(String name) {
        if (name.startsWith("META-INF/versions/")) {
            int slash = name.indexOf('/', "META-INF/versions/".length());
            return name.substring(slash + 1);
        }
        return name;
    }
}
