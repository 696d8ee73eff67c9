package dev.parley.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.domain.RoomId;
import dev.parley.protocol.ClientFrame;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * For random runs of posts, deletes, reads and reconnects by three users in one room, against a chat on the memory
 * broker, every {@code unread} the server tells (in {@code joined}, in {@code read} to another tab, in {@code rooms})
 * equals the count computed from the history: the messages after the user's marker, not its own, not deleted. jqwik
 * prints the seed of a failing run; rerun it with {@code @Property(seed = "...")}.
 */
class UnreadProperties {

    private static final String ROOM = "lobby";
    private static final List<String> USERS = List.of("ada", "bob", "cy");

    /** One step of a run: {@code user} does {@code kind}; {@code pick} chooses a seq where the step needs one. */
    record Step(String kind, String user, int pick) {
    }

    @Provide
    Arbitrary<List<Step>> runs() {
        Arbitrary<String> kinds = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just("post")),
                Tuple.of(2, Arbitraries.just("delete")),
                Tuple.of(3, Arbitraries.just("read")),
                Tuple.of(1, Arbitraries.just("reconnect")));
        Arbitrary<Step> step = Combinators.combine(kinds, Arbitraries.of(USERS), Arbitraries.integers().between(0, 1000))
                .as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 100)
    void unreadAlwaysEqualsTheCountFromTheHistory(@ForAll("runs") List<Step> run) {
        Model model = new Model();
        ChatFixture fixture = new ChatFixture();
        Map<String, FakeClient> tabs = new HashMap<>();
        Map<String, FakeClient> watchers = new HashMap<>();
        for (String user : USERS) {
            tabs.put(user, join(fixture, user, model));
            FakeClient watcher = join(fixture, user, model);
            watcher.send(new ClientFrame.Rooms()).clear();
            watchers.put(user, watcher);
        }
        for (Step step : run) {
            fixture.waitASecond(); // the rate limits never refuse a step
            FakeClient tab = tabs.get(step.user());
            switch (step.kind()) {
                case "post" -> {
                    tab.post(ROOM, "from " + step.user(), null);
                    model.posted(step.user());
                }
                case "delete" -> {
                    List<Long> own = model.ownLive(step.user());
                    if (!own.isEmpty()) {
                        long seq = own.get(step.pick() % own.size());
                        tab.send(new ClientFrame.Delete(new RoomId(ROOM), seq));
                        model.deleted(seq);
                    }
                }
                case "read" -> {
                    if (model.latest() > 0) {
                        long seq = 1 + step.pick() % (model.latest() + 2); // now and then past the latest
                        watchers.get(step.user()).clear();
                        tab.send(new ClientFrame.Read(new RoomId(ROOM), seq));
                        if (model.read(step.user(), seq)) {
                            JsonObject moved = watchers.get(step.user()).takeAllAndFind("read");
                            assertEquals(model.marker(step.user()), moved.getJsonNumber("seq").longValueExact());
                            assertEquals(model.unread(step.user()), moved.getJsonNumber("unread").longValueExact(),
                                    "read to another tab of " + step.user());
                        }
                    }
                }
                default -> {
                    tab.disconnect();
                    tabs.put(step.user(), join(fixture, step.user(), model));
                }
            }
            Statistics.collect(step.kind());
            for (String user : USERS) {
                tabs.get(user).clear();
                JsonObject room = tabs.get(user).send(new ClientFrame.Rooms()).next("rooms")
                        .getJsonArray("rooms").getJsonObject(0);
                assertEquals(model.marker(user), room.getJsonNumber("read").longValueExact(), user + "'s marker");
                assertEquals(model.unread(user), room.getJsonNumber("unread").longValueExact(), user + "'s unread");
            }
        }
    }

    /** A new connection of the user in the room; its joined must tell the model's marker and count. */
    private static FakeClient join(ChatFixture fixture, String user, Model model) {
        FakeClient client = fixture.connect();
        client.next("welcome");
        JsonObject joined = client.join(ROOM, user).takeAllAndFind("joined");
        model.joined(user);
        assertEquals(model.marker(user), joined.getJsonNumber("read").longValueExact(), user + "'s joined.read");
        assertEquals(model.unread(user), joined.getJsonNumber("unread").longValueExact(), user + "'s joined.unread");
        return client;
    }

    /** The room as the users see it: each message's author and whether it is deleted, and each user's marker. */
    private static final class Model {
        private final List<String> authors = new ArrayList<>();
        private final List<Boolean> deleted = new ArrayList<>();
        private final Map<String, Long> markers = new HashMap<>();

        long latest() {
            return authors.size();
        }

        void posted(String user) {
            authors.add(user);
            deleted.add(false);
        }

        void deleted(long seq) {
            deleted.set((int) seq - 1, true);
        }

        /** A first join starts the marker at the latest message. */
        void joined(String user) {
            markers.putIfAbsent(user, latest());
        }

        /** @return whether the marker moved */
        boolean read(String user, long seq) {
            long target = Math.min(seq, latest());
            if (target <= markers.get(user)) {
                return false;
            }
            markers.put(user, target);
            return true;
        }

        long marker(String user) {
            return markers.get(user);
        }

        long unread(String user) {
            long count = 0;
            for (long seq = markers.get(user) + 1; seq <= latest(); seq++) {
                if (!authors.get((int) seq - 1).equals(user) && !deleted.get((int) seq - 1)) {
                    count++;
                }
            }
            return count;
        }

        List<Long> ownLive(String user) {
            List<Long> own = new ArrayList<>();
            for (int i = 0; i < authors.size(); i++) {
                if (authors.get(i).equals(user) && !deleted.get(i)) {
                    own.add(i + 1L);
                }
            }
            return own;
        }
    }
}
