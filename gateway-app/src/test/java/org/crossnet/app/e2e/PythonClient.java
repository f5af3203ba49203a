package org.crossnet.app.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Runs one of the Python client scripts of {@code src/test/resources/e2e} with the system's {@code /usr/bin/python3}
 * (where Debian's python3-zeep is importable) and parses the JSON it prints. The token is passed in the environment,
 * not on the command line, so it does not show in the process list.
 */
final class PythonClient {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final long TIMEOUT_SECONDS = 120;

    private final Path script;
    private final String url;
    private final String token;

    /**
     * @param resource the script under {@code /e2e/} on the test classpath
     * @param workDir  where the script is copied
     * @param url      the endpoint (XML-RPC) or WSDL (SOAP) URL, the script's first argument
     */
    PythonClient(String resource, Path workDir, String url, String token) {
        this.script = workDir.resolve(resource);
        this.url = url;
        this.token = token;
        try (InputStream in = PythonClient.class.getResourceAsStream("/e2e/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("resource: /e2e/" + resource + " (expected: on the test classpath)");
            }
            Files.copy(in, script);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The scenario through this client. */
    JsonNode scenario(String sharePath, String keyword) {
        return run("scenario", sharePath, keyword);
    }

    /** transfer.get through this client. */
    JsonNode transferGet(String id) {
        return run("transfer", id);
    }

    /**
     * transfer.limit through this client: the transfer, or {@code {"fault": {"code": 100, "text": "CODE_NAME:
     * detail"}}} when the gateway refused it.
     */
    JsonNode transferLimit(String id, long downloadLimit, long uploadLimit) {
        return run("limit", id, Long.toString(downloadLimit), Long.toString(uploadLimit));
    }

    private JsonNode run(String... args) {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), script.toString(), url));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("CROSSNET_TOKEN", token);
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            String out = read(process.getInputStream());
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(script.getFileName() + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(script.getFileName() + " " + String.join(" ", args) + " exited with "
                        + process.exitValue() + ":\n" + err.join() + out);
            }
            return RestOps.JSON.readTree(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + PYTHON, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + script, e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
