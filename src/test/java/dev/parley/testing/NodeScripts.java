package dev.parley.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Node.js test scripts run from a Java test (the browser tests, the JavaScript client's live tests): Node 20+ on the
 * PATH, the npm packages of a folder installed by {@code npm ci}, and {@code node --test} with the output echoed and
 * the test failed, with that output, unless every script passes.
 */
public final class NodeScripts {

    private NodeScripts() {
    }

    /** Fails, saying what to install, unless Node.js 20 or newer is on the PATH. */
    public static void requireNode() throws InterruptedException {
        String version;
        try {
            version = run(List.of("node", "--version"), Path.of(".")).strip();
        } catch (IOException e) {
            fail("These tests need Node.js 20 or newer on the PATH: " + e.getMessage());
            return;
        }
        Matcher major = Pattern.compile("v(\\d+)\\.").matcher(version);
        assertTrue(major.lookingAt() && Integer.parseInt(major.group(1)) >= 20,
                "These tests need Node.js 20 or newer; found " + version);
    }

    /** {@code npm ci} in {@code folder} when its node_modules is missing or older than its package-lock.json. */
    public static void install(Path folder) throws IOException, InterruptedException {
        Path installed = folder.resolve("node_modules/.package-lock.json");
        Path lock = folder.resolve("package-lock.json");
        if (Files.exists(installed)
                && !Files.getLastModifiedTime(installed).toInstant().isBefore(Files.getLastModifiedTime(lock).toInstant())) {
            return;
        }
        System.out.println(run(List.of("npm", "ci", "--no-audit", "--no-fund"), folder));
    }

    /**
     * Runs {@code node --test} on {@code scripts} in {@code folder} with {@code environment} added, echoing each line
     * prefixed with {@code label}; fails with the output unless it exits 0 within {@code timeout} (then it and its
     * children, a browser for one, are stopped).
     */
    public static void test(Path folder, Map<String, String> environment, Duration timeout, String label,
                            String... scripts) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", "--test", "--test-reporter=spec"));
        command.addAll(List.of(scripts));
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process node = builder.start();
        StringBuilder output = new StringBuilder();
        Thread echo = new Thread(() -> copyLines(node, label, output), "echo " + label);
        echo.start();
        if (!node.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            node.descendants().forEach(ProcessHandle::destroy);
            node.destroy();
            echo.join(TimeUnit.SECONDS.toMillis(10));
            fail(label + " did not finish within " + timeout + ":\n" + output);
        }
        echo.join(TimeUnit.SECONDS.toMillis(10));
        assertEquals(0, node.exitValue(), () -> label + " failed:\n" + output);
    }

    private static void copyLines(Process node, String label, StringBuilder output) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                System.out.println("[" + label + "] " + line);
                synchronized (output) {
                    output.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            output.append("(output lost: ").append(e).append(")\n");
        }
    }

    private static String run(List<String> command, Path directory) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8); // until it exits
        if (process.waitFor() != 0) {
            fail(String.join(" ", command) + " failed in " + directory + ":\n" + output);
        }
        return output;
    }
}
