package org.crossnet.api.rest.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Comparator;
import java.util.List;
import org.crossnet.spi.model.TransferStatus;

/**
 * The {@code transfer} wire form; {@code progress} in [0, 1], {@code sources} sorted by network, {@code files} in
 * the order of the transfer's byte space (empty while the size is unknown), {@code trackers} by network and then as
 * each network reported them, limits in bytes/second (0 = none).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransferJson(String id, String name, ContentJson content, String state, long bytesDone,
                           long bytesVerified, long bytesTotal, long downloadRate, long uploadRate, double progress,
                           List<SourceJson> sources, String detail, String addedAt, List<FileJson> files,
                           List<TrackerJson> trackers, long downloadLimit, long uploadLimit) {

    public static TransferJson of(TransferStatus status) {
        List<SourceJson> sources = status.sources().entrySet().stream()
                .map(e -> new SourceJson(e.getKey().value(), e.getValue().connected(), e.getValue().known()))
                .sorted(Comparator.comparing(SourceJson::network))
                .toList();
        return new TransferJson(status.id().toString(), status.name(), ContentJson.of(status.content()),
                status.state().name(), status.bytesDone(), status.bytesVerified(), status.bytesTotal(),
                status.downloadRate(), status.uploadRate(), status.progress(), sources, status.detail(),
                Times.text(status.addedAt()), status.files().stream().map(FileJson::of).toList(),
                status.trackers().stream().map(TrackerJson::of).toList(), status.downloadLimit(),
                status.uploadLimit());
    }
}
