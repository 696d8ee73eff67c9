package dev.parley.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.domain.RoomId;
import dev.parley.domain.UserName;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the chat reports to its {@link ChatMetrics}, event by event. */
class ChatServiceMetricsTest {

    private final RecordingMetrics metrics = new RecordingMetrics();
    private final ChatFixture fixture = new ChatFixture(metrics);

    @Test
    void aSessionReportsEachEvent() {
        FakeClient ada = fixture.connect();
        assertEquals(List.of("opened"), metrics.take());

        ada.join("lobby", "ada");
        assertEquals(List.of("frameIn join"), metrics.take());

        ada.post("lobby", "hi", "c1");
        assertEquals(List.of("frameIn message", "fannedOut 1", "published WEBSOCKET"), metrics.take());

        ada.post("lobby", "x".repeat(fixture.config.maxTextChars() + 1), "c2");
        assertEquals(List.of("frameIn message", "error too_large"), metrics.take());

        fixture.chat.reject(ada.connection(), ErrorCode.BAD_REQUEST, "not JSON", null);
        assertEquals(List.of("frameIn invalid", "error bad_request"), metrics.take());

        ada.disconnect();
        ada.disconnect(); // a second close changes nothing
        assertEquals(List.of("closed"), metrics.take());
    }

    @Test
    void aMessageOverTheRateIsReportedAsRateLimited() {
        FakeClient ada = fixture.joined("lobby", "ada");
        int burst = fixture.config.messageBurst();
        for (int i = 0; i < burst; i++) {
            ada.post("lobby", "m" + i, null);
        }
        metrics.take();

        ada.post("lobby", "one too many", null);

        assertEquals(List.of("frameIn message", "rateLimited", "error rate_limited"), metrics.take());
    }

    @Test
    void aFailureInsideTheServerIsReportedAsInternal() {
        FakeClient ada = fixture.connect().clear();
        metrics.take();
        ada.peer().failNextOffer();

        ada.send(new ClientFrame.Ping());

        assertEquals(List.of("frameIn ping", "error internal"), metrics.take());
    }

    @Test
    void aPublishIsReportedWithItsRecipients() {
        fixture.joined("lobby", "ada");
        fixture.joined("lobby", "bob");
        metrics.take();

        fixture.chat.publish(new RoomId("lobby"), new UserName("ticker"), "hi", null);

        assertEquals(List.of("fannedOut 2", "published HTTP"), metrics.take());
    }
}
