package io.sluice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class LineLevelsTest {

    @Test
    void errorFatalSevereAndFailWordsMeanError() {
        assertThat(LineLevels.of("[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6")).isEqualTo(Level.ERROR);
        assertThat(LineLevels.of("2015-10-18 18:01:52,123 FATAL [main] org.apache.hadoop.mapred.YarnChild: Error running child")).isEqualTo(Level.ERROR);
        assertThat(LineLevels.of("Jul 1 09:00:55 calvisitor SEVERE: disk gone")).isEqualTo(Level.ERROR);
        assertThat(LineLevels.of("Dec 10 06:55:48 LabSZ sshd[24200]: Failed password for invalid user webmaster")).isEqualTo(Level.ERROR);
        assertThat(LineLevels.of("Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0")).isEqualTo(Level.ERROR);
    }

    @Test
    void errorWordsWinOverWarnInTheSameLine() {
        assertThat(LineLevels.of("081109 213217 26 WARN dfs.FSDataset: Unexpected error trying to delete block")).isEqualTo(Level.ERROR);
        assertThat(LineLevels.of("WARN connect failed")).isEqualTo(Level.ERROR);
    }

    @Test
    void warnAndWarningMeanWarn() {
        assertThat(LineLevels.of("2015-07-29 19:04:29,071 - WARN  [SendWorker:188978561024:QuorumCnxManager$SendWorker@679] - Interrupted while waiting for message on queue"))
                .isEqualTo(Level.WARN);
        assertThat(LineLevels.of("081109 214043 2561 WARN dfs.DataNode$DataXceiver: 10.251.30.6:50010:Got exception while serving blk_-2918118818249673980 to /10.251.90.64:"))
                .isEqualTo(Level.WARN);
        assertThat(LineLevels.of("[notice] Warning: config reloaded")).isEqualTo(Level.WARN);
    }

    @Test
    void debugMeansDebug() {
        assertThat(LineLevels.of("17/06/09 20:10:41 DEBUG storage.BlockManager: Getting local block")).isEqualTo(Level.DEBUG);
    }

    @Test
    void everythingElseIsInfo() {
        assertThat(LineLevels.of("17/06/09 20:10:40 INFO executor.CoarseGrainedExecutorBackend: Registered signal handlers for [TERM, HUP, INT]"))
                .isEqualTo(Level.INFO);
        assertThat(LineLevels.of("20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579")).isEqualTo(Level.INFO);
        assertThat(LineLevels.of("[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties")).isEqualTo(Level.INFO);
    }
}
