package org.crossnet.api.rest.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.crossnet.engine.facade.ShareView;

/** The {@code share} wire form; {@code content} is omitted until the file is hashed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ShareJson(String id, String path, String name, long size, String state, long bytesHashed,
                        ContentJson content, String detail, String addedAt) {

    public static ShareJson of(ShareView view) {
        return new ShareJson(view.id().toString(), view.path(), view.name(), view.size(), view.state().name(),
                view.bytesHashed(), ContentJson.of(view.content()), view.detail(), Times.text(view.addedAt()));
    }
}
