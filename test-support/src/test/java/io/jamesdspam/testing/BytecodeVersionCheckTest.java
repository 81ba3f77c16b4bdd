package io.jamesdspam.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's bytecode check ({@code build-tools/BytecodeVersionCheck.java}, run on every plugin
 * jar at {@code package}) must fail on a class newer than Java 11 and pass on Java 11 classes.
 */
class BytecodeVersionCheckTest {
    @TempDir
    Path dir;

    @Test
    void failsOnAJava17Class() throws Exception {
        Path jar = jarWithClass(dir.resolve("new.jar"), "x/New.class", 61);

        Result result = runCheck(jar);

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.output).contains("x/New.class has major version 61");
    }

    @Test
    void passesOnJava11Classes() throws Exception {
        Path jar = jarWithClass(dir.resolve("ok.jar"), "x/Old.class", 55);

        assertThat(runCheck(jar).exitCode).isEqualTo(0);
    }

    @Test
    void newerClassesOfAMultiReleaseJarAreOnlyLoadedByNewerRuntimes() throws Exception {
        Path jar = jarWithClass(dir.resolve("mr.jar"), "META-INF/versions/17/x/Fast.class", 61);

        assertThat(runCheck(jar).exitCode).isEqualTo(0);
    }

    private static Path jarWithClass(Path jar, String entry, int major) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry(entry));
            out.write(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, (byte) major});
            out.closeEntry();
        }
        return jar;
    }

    private static Result runCheck(Path jar) throws Exception {
        Path script = Paths.get(System.getProperty("dspam.root", ".."), "build-tools", "BytecodeVersionCheck.java");
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), script.toString(), "55", jar.toString())
            .redirectErrorStream(true)
            .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private static final class Result {
        final int exitCode;
        final String output;

        Result(int exitCode, String output) {
            this.exitCode = exitCode;
            this.output = output;
        }
    }
}
