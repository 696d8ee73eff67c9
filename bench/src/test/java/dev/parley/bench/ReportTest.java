package dev.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    @Test
    void parleyIsComparedWithTheFloorOnTheSameServerPlainAndBatched() {
        List<String> servers = List.of("wildfly-floor", "wildfly", "wildfly-batch", "payara", "node");
        assertEquals(List.of("wildfly-floor"), Report.referencesOf("wildfly", servers));
        assertEquals(List.of("wildfly", "wildfly-floor"), Report.referencesOf("wildfly-batch", servers));
        assertEquals(List.of(), Report.referencesOf("wildfly-floor", servers));
        assertEquals(List.of(), Report.referencesOf("payara", servers)); // no payara-floor in this run
        assertEquals(List.of(), Report.referencesOf("node", servers));
        assertEquals(List.of("payara"), Report.referencesOf("payara-cluster",
                List.of("payara-floor", "payara", "payara-cluster")));
    }

    @Test
    void theTablePrintsTheFloorParleyAndNodeWithTheirRatios(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("results.csv");
        StringBuilder rows = new StringBuilder("server,run,scenario,step,metric,value\n");
        // in the order bench/run floor runs them
        for (String[] figure : List.of(new String[]{"wildfly-floor", "80000"}, new String[]{"wildfly", "60000"},
                new String[]{"wildfly-batch", "64000"}, new String[]{"node", "90000"})) {
            rows.append(figure[0]).append(",1,rooms,@5k,deliveries_per_cpu_s,").append(figure[1]).append('\n');
        }
        Files.writeString(csv, rows);
        Path md = dir.resolve("table.md");
        Report.main(List.of(csv.toString()), Map.of("md", md.toString()));
        String table = Files.readString(md);
        for (String row : List.of("| @5k | wildfly-floor |", "|  | wildfly |", "|  | wildfly-batch |", "|  | node |",
                "|  | **wildfly-floor/node** |", "|  | *wildfly/wildfly-floor* |  | *0.75* |",
                "|  | *wildfly-batch/wildfly-floor* |  | *0.80* |", "|  | *wildfly-batch/wildfly* |  | *1.07* |")) {
            assertTrue(table.contains(row), row + " in\n" + table);
        }
    }
}
