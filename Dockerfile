# One image for every Sluice service. The standalone jar contains all services; SLUICE_MAIN picks
# which one a container runs (Spring Boot's PropertiesLauncher reads loader.main).
#   docker build -t sluice .
#   docker run -e SLUICE_MAIN=io.sluice.ingest.IngestApplication sluice
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests install -pl standalone -am

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /app sluice
WORKDIR /app
COPY --from=build /src/standalone/target/standalone-*-exec.jar /app/sluice.jar
USER sluice
ENV SLUICE_MAIN=io.sluice.standalone.StandaloneApplication \
    JAVA_OPTS="-XX:MaxRAMPercentage=75"
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -Dloader.main=$SLUICE_MAIN -jar /app/sluice.jar"]
