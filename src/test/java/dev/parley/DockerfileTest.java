package dev.parley;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/** No Docker engine runs the Dockerfile in CI, so this checks that its stages and paths agree with the build. */
class DockerfileTest {

    private static final Pattern COPY_FROM_BUILD = Pattern.compile("COPY --from=build (\\S+) (\\S+)");

    private final List<String> lines = instructions();

    @Test
    void buildsTheWarWithMavenThenRunsOnWildFly() throws Exception {
        List<String> stages = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertEquals(List.of("FROM maven:3.9-eclipse-temurin-17 AS build",
                "FROM quay.io/wildfly/wildfly:" + pomElement("wildfly.version") + "-jdk17"), stages);
        assertTrue(lines.contains("RUN mvn -B -DskipTests -P !wildfly package"),
                "build stage packages only the WAR (no server provisioned into the build stage)");
        assertTrue(lines.contains("EXPOSE 8080"));
    }

    @Test
    void copiesTheWarTheBuildProducesAndDeploysItAtTheRoot() throws Exception {
        String workdir = lines.stream().filter(l -> l.startsWith("WORKDIR ")).findFirst().orElseThrow().substring(8);
        Matcher copy = lines.stream().map(COPY_FROM_BUILD::matcher).filter(Matcher::matches).findFirst().orElseThrow();
        assertEquals(workdir + "/target/" + pomElement("finalName") + ".war", copy.group(1), "the WAR path the build stage writes");
        // WildFly deploys what is in deployments/ at start, a ROOT.war at context root /.
        assertEquals("/opt/jboss/wildfly/standalone/deployments/ROOT.war", copy.group(2));

        String cmd = lines.stream().filter(l -> l.startsWith("CMD ")).findFirst().orElseThrow();
        assertEquals("CMD [\"/opt/jboss/wildfly/bin/standalone.sh\", \"-b\", \"0.0.0.0\"]", cmd,
                "listens on every interface of the container");
    }

    /** The text of the pom's first element of that name: the WAR's name, the tested server version. */
    private static String pomElement(String name) throws Exception {
        var pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        return pom.getElementsByTagName(name).item(0).getTextContent().trim();
    }

    /** The Dockerfile's instructions, one a line, without comments and blank lines (it uses no continuations). */
    private static List<String> instructions() {
        try {
            return Files.readAllLines(Path.of("Dockerfile")).stream()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
