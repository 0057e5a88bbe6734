package io.fauxtp.spring.workflow;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.io.TempDir;

/** {@link StoreAtomicityContract} on the embedded default: an H2 file database. */
class H2StoreAtomicityTests extends StoreAtomicityContract {

    @TempDir
    Path dir;

    @Override
    DataSource dataSource() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + this.dir.resolve("store") + ";DB_CLOSE_DELAY=0");
        return dataSource;
    }

    @Override
    int commitsOfARunOfThreeEffects() {
        return 1;   // the end: an UPDATE of the header and an INSERT of the last entry
    }

}
