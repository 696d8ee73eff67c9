# Parley on Payara Micro, the embedded default server.
#   docker build -t parley .
#   docker run -p 8080:8080 parley      (then open http://localhost:8080/)
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY src ./src
RUN mvn -B -DskipTests package

FROM payara/micro:6.2025.10-jdk17
COPY --from=build /src/target/parley.war /opt/payara/deployments/parley.war
EXPOSE 8080
# The image's entry point is `java -jar payara-micro.jar`; these are its arguments. HTTP is on 8080 by default.
CMD ["--deploy", "/opt/payara/deployments/parley.war", "--contextroot", "/", "--nocluster"]
