/** The catalogue database: Flyway-migrated schema on H2 or PostgreSQL and the repositories over it. */
package org.crossnet.engine.persistence;
