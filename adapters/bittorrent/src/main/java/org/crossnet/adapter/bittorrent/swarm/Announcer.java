package org.crossnet.adapter.bittorrent.swarm;

/** Announces one torrent to its trackers; the adapter backs it with the tracker package's TrackerSet. */
public interface Announcer {
    /** An announcer for a torrent without trackers. */
    Announcer NONE = new Announcer() {
        @Override
        public void start() {
        }

        @Override
        public void completed() {
        }

        @Override
        public void stop() {
        }
    };

    /** Announces {@code started} and keeps re-announcing. */
    void start();

    /** Announces {@code completed}. */
    void completed();

    /** Announces {@code stopped}, best effort, and stops re-announcing. */
    void stop();
}
