# Parley on WildFly, the default server.
#   docker build -t parley .
#   docker run -p 8080:8080 parley      (then open http://localhost:8080/)
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY src ./src
# Only the WAR: '!wildfly' skips provisioning a server into target/, which the image below already is.
RUN mvn -B -DskipTests -P !wildfly package

FROM quay.io/wildfly/wildfly:39.0.1.Final-jdk17
# A deployment named ROOT.war is served at context root /.
COPY --from=build /src/target/parley.war /opt/jboss/wildfly/standalone/deployments/ROOT.war
EXPOSE 8080
# Listen on every interface of the container, not only its loopback.
CMD ["/opt/jboss/wildfly/bin/standalone.sh", "-b", "0.0.0.0"]
