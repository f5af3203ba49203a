/** Transfer storage: the file-backed content several networks write into and verify, safe file naming, rate meters. */
package org.crossnet.engine.storage;
