/** AICH on eD2k: serving part recovery data, trusting a root, and re-checking a corrupt part's blocks in storage. */
package org.crossnet.adapter.edonkey.aich;
