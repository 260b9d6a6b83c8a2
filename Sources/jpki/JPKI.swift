import ArgumentParser

@main struct JPKI: ParsableCommand { func run() {} }
