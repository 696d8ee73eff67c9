/** Test support shared by the in-JVM and the black-box integration tests. */
package dev.parley.testing;
