/** Test helpers: adapters on 127.0.0.1, random files, scripted eD2k peers and uploaders. */
package org.crossnet.adapter.edonkey.support;
