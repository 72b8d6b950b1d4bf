// The build failed for the reason under test, not for another one.
def log = new File(basedir, 'build.log').text
assert log.contains("'dependencies.dependency.version' for com.fasterxml.jackson.core:jackson-databind:jar is missing") : log
true
