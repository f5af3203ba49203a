/** The eD2k benchmark harness driven by bench/ed2k-bench.sh (not a test). */
package org.crossnet.adapter.edonkey.bench;
