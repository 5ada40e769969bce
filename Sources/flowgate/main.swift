import FlowgateCLI

await FlowgateCommand.start()
