package org.crossnet.engine.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crossnet.spi.model.ContentFile;

/**
 * A multi-file download reserved in the download folder: the transfer's own folder ({@code <download>/<name>}) and
 * its files inside it, in content order.
 *
 * @param folder the transfer's folder, inside the download folder
 * @param files  the files, each with its final and part path inside {@code folder}
 */
public record ContentLayout(Path folder, List<StoredFile> files) {
    public ContentLayout {
        files = List.copyOf(files);
    }

    /**
     * The files as paths relative to {@link #folder} (sanitised components, as stored in the catalogue), with their
     * lengths and offsets.
     */
    public List<ContentFile> relativeFiles() {
        List<ContentFile> relative = new ArrayList<>(files.size());
        for (StoredFile f : files) {
            List<String> components = new ArrayList<>();
            folder.relativize(f.file()).forEach(p -> components.add(p.toString()));
            relative.add(new ContentFile(components, f.length(), f.offset()));
        }
        return relative;
    }
}
