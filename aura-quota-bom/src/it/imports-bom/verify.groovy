// Each library module resolved, through the BOM, at the version the BOM was built with.
def listed = new File(basedir, 'target/dependencies.txt').text
def expected = [
    "com.bnaura:quota-core:jar:${projectVersion}",
    "com.bnaura:aura-quota-store-tck:jar:${projectVersion}",
    "com.bnaura:quota-jdbc:jar:${projectVersion}",
    "com.bnaura:quota-gemini:jar:${projectVersion}",
    "com.bnaura:quota-spring-autoconfigure:jar:${projectVersion}",
    "com.bnaura:aura-quota-spring-boot-starter:jar:${projectVersion}",
    "com.bnaura:aura-quota-gemini-spring-boot-starter:jar:${projectVersion}",
    "com.bnaura:aura-quota-jackson:jar:${projectVersion}",
]
def missing = expected.findAll { !listed.contains(it) }
assert missing.isEmpty() : "not resolved through the BOM: ${missing}\n${listed}"

// The store contract kit brings what its tests are written with: JUnit Jupiter and AssertJ.
def kitBrings = ['org.junit.jupiter:junit-jupiter-api:jar:', 'org.assertj:assertj-core:jar:']
def notBrought = kitBrings.findAll { !listed.contains(it) }
assert notBrought.isEmpty() : "aura-quota-store-tck did not bring ${notBrought}\n${listed}"

// The published BOM is the flattened one: no parent, and only this project's artifacts managed.
def bomPom = new File(localRepositoryPath,
    "com/bnaura/aura-quota-bom/${projectVersion}/aura-quota-bom-${projectVersion}.pom")
def bom = new groovy.xml.XmlSlurper().parse(bomPom)
assert bom.parent.size() == 0 : "the installed BOM still names a parent: ${bomPom}"
assert bom.dependencies.size() == 0 : "the installed BOM has dependencies of its own: ${bomPom}"
def managed = bom.dependencyManagement.dependencies.dependency
assert managed.size() == expected.size() : "the BOM manages ${managed.size()} entries, not ${expected.size()}"
managed.each { d ->
    assert d.groupId.text() == 'com.bnaura' : "a third-party pin in the BOM: ${d.groupId}:${d.artifactId}"
    assert d.version.text() == projectVersion : "${d.artifactId} at ${d.version}, not ${projectVersion}"
}
true
