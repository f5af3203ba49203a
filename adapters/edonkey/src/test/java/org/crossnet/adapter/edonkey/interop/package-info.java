/** Interop fixtures and tests against aMule's daemon (amuled) in a network namespace on 198.51.100.0/24. */
package org.crossnet.adapter.edonkey.interop;
